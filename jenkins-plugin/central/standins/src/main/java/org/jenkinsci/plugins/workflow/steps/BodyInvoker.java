package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;

/** Stand-in: starts a block step's body. */
public abstract class BodyInvoker {
    public abstract BodyInvoker withContext(Object override);

    public abstract BodyInvoker withCallback(BodyExecutionCallback callback);

    /** The real overload: a callback passed here must be a FutureCallback that is also Serializable. */
    public final BodyInvoker withCallback(FutureCallback<Object> callback) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public abstract BodyExecution start();
}
