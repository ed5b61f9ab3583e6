package hudson.model;

/** Stand-in: only the members the plugin uses. */
public abstract class Actionable {
    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public boolean addOrReplaceAction(Action a) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
