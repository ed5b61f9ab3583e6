package hudson.model;

/** Stand-in: only the members the plugin uses. */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable {
    public JobT getParent() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public RunT getPreviousBuild() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public int getNumber() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
