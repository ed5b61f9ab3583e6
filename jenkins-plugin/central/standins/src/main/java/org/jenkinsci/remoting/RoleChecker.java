package org.jenkinsci.remoting;

/** Stand-in: no member is used by the plugin. */
public abstract class RoleChecker {}
