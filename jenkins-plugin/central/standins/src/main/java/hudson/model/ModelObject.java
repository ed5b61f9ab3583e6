package hudson.model;

/** Stand-in. */
public interface ModelObject {
    String getDisplayName();
}
