package jenkins.security;

import hudson.remoting.Callable;
import org.jenkinsci.remoting.RoleChecker;

/** Stand-in: a callable the controller sends to an agent. */
public abstract class MasterToSlaveCallable<V, T extends Throwable> implements Callable<V, T> {
    private static final long serialVersionUID = 1L;

    @Override
    public void checkRoles(RoleChecker checker) throws SecurityException {
        // the real class checks that the callable runs on an agent; nothing to check in a plain JVM
    }
}
