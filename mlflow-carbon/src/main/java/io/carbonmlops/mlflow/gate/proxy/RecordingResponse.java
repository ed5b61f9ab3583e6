package io.carbonmlops.mlflow.gate.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Holds back MLflow's (small) answer to an allowed promotion until the decision is recorded on the model version, so
 * a client that sees the promotion succeed also sees its {@code carbon.gate.*} tags. Recording runs on the server's
 * executor, never on the proxy client's I/O thread.
 */
final class RecordingResponse extends Response.Wrapper {
    private final Executor executor;
    private final Runnable recordOnSuccess;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();

    RecordingResponse(Request request, Response wrapped, Executor executor, Runnable recordOnSuccess) {
        super(request, wrapped);
        this.executor = executor;
        this.recordOnSuccess = recordOnSuccess;
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
        synchronized (held) {
            byte[] bytes = BufferUtil.toArray(content);
            held.write(bytes, 0, bytes.length);
        }
        if (!last) {
            callback.succeeded();
            return;
        }
        executor.execute(() -> {
            int status = getStatus();
            if (status >= 200 && status < 300) {
                recordOnSuccess.run();
            }
            byte[] body;
            synchronized (held) {
                body = held.toByteArray();
            }
            getWrapped().write(true, ByteBuffer.wrap(body), callback);
        });
    }
}
