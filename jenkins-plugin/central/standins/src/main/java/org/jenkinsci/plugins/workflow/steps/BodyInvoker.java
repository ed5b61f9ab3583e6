package org.jenkinsci.plugins.workflow.steps;

/** Stand-in: starts a block step's body. */
public abstract class BodyInvoker {
    public abstract BodyInvoker withContext(Object override);

    public abstract BodyInvoker withCallback(BodyExecutionCallback callback);

    public abstract BodyExecution start();
}
