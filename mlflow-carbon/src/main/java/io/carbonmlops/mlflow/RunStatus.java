package io.carbonmlops.mlflow;

/** How a run that carbon-mlops created ends. */
public enum RunStatus {
    FINISHED, FAILED, KILLED;

    /** FINISHED for exit code 0, KILLED for death by a signal (exit code above 128), FAILED otherwise. */
    public static RunStatus forExitCode(int exitCode) {
        if (exitCode == 0) {
            return FINISHED;
        }
        return exitCode > 128 ? KILLED : FAILED;
    }
}
