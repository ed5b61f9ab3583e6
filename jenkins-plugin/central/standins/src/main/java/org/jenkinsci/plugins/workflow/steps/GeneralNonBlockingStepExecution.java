package org.jenkinsci.plugins.workflow.steps;

/** Stand-in: a step execution that runs blocking work on a pool thread, off the CPS VM thread. */
public abstract class GeneralNonBlockingStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    protected GeneralNonBlockingStepExecution(StepContext context) {
        super(context);
    }

    @FunctionalInterface
    protected interface Block {
        void run() throws Exception;
    }

    protected final void run(Block block) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @Override
    public void onResume() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @Override
    public String getStatus() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /** Runs {@link #finished} through {@link #run}, i.e. off the CPS VM thread, then completes the context. */
    protected abstract class TailCall extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;

        protected abstract void finished(StepContext context) throws Exception;

        @Override
        public final void onSuccess(StepContext context, Object result) {
            throw new UnsupportedOperationException("compile-only stand-in");
        }

        @Override
        public final void onFailure(StepContext context, Throwable t) {
            throw new UnsupportedOperationException("compile-only stand-in");
        }
    }
}
