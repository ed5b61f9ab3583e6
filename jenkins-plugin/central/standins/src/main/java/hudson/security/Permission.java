package hudson.security;

/** Stand-in: a permission constant; no member is used by the plugin. */
public final class Permission {
    private Permission() {}
}
