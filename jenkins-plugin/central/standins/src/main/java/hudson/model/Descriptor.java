package hudson.model;

/** Stand-in: only the members the plugin uses or overrides. */
public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor(Class<? extends T> clazz) {}

    protected Descriptor() {}

    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public synchronized void load() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public synchronized void save() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
