package hudson.model;

import hudson.security.AccessControlled;

/** Stand-in: no member is used by the plugin. */
public interface Item extends AccessControlled {}
