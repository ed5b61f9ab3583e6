package hudson.model;

/** Stand-in: only what the plugin uses (the real class extends AbstractItem). */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> implements Item {
    protected Job(ItemGroup parent, String name) {}

    public RunT getLastBuild() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
