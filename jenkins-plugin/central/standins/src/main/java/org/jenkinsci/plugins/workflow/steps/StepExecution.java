package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

/** Stand-in: the running state of a step; persisted in program.dat. */
public abstract class StepExecution implements Serializable {
    private static final long serialVersionUID = 1L;

    protected StepExecution(StepContext context) {}

    public StepContext getContext() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public abstract boolean start() throws Exception;

    public void stop(Throwable cause) throws Exception {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public void onResume() {}

    public String getStatus() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
