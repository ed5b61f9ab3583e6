package hudson.model;

import hudson.security.AccessControlled;

/** Stand-in: only the members the plugin uses. */
public interface Item extends AccessControlled {
    String getName();

    String getFullName();

    String getFullDisplayName();
}
