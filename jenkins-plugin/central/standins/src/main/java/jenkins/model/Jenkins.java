package jenkins.model;

import hudson.model.ItemGroup;
import hudson.model.TopLevelItem;
import hudson.security.AccessControlled;
import hudson.security.Permission;

/** Stand-in: only the members the plugin uses (the real class has many more supertypes). */
public class Jenkins implements AccessControlled, ItemGroup<TopLevelItem> {
    public static final Permission ADMINISTER = null;

    protected Jenkins() {}

    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
