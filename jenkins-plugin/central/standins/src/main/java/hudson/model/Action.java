package hudson.model;

/** Stand-in: something attached to a model object; all-null means invisible. */
public interface Action extends ModelObject {
    String getIconFileName();

    @Override
    String getDisplayName();

    String getUrlName();
}
