package org.jenkinsci.remoting;

/** Stand-in. */
public interface RoleSensitive {
    void checkRoles(RoleChecker checker) throws SecurityException;
}
