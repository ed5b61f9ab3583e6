package io.carbonmlops.mlflow.gate.proxy;

import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** A request whose body was read for inspection, offering the same bytes again to the upstream proxy. */
final class ReplayRequest extends Request.Wrapper {
    private final byte[] body;
    private boolean consumed;

    ReplayRequest(Request wrapped, byte[] body) {
        super(wrapped);
        this.body = body;
    }

    @Override
    public long getLength() {
        return body.length;
    }

    @Override
    public synchronized Content.Chunk read() {
        if (consumed) {
            return Content.Chunk.EOF;
        }
        consumed = true;
        return Content.Chunk.from(ByteBuffer.wrap(body), true);
    }

    @Override
    public void demand(Runnable demandCallback) {
        demandCallback.run(); // the whole body is in memory: always readable
    }

    @Override
    public void fail(Throwable failure) {
        // nothing to release: the bytes are on the heap
    }

    @Override
    public synchronized boolean rewind() {
        consumed = false;
        return true;
    }
}
