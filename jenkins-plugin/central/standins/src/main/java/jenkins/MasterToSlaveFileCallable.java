package jenkins;

import hudson.FilePath;
import org.jenkinsci.remoting.RoleChecker;

/** Stand-in: a file callable the controller sends to an agent. */
public abstract class MasterToSlaveFileCallable<T> implements FilePath.FileCallable<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public void checkRoles(RoleChecker checker) throws SecurityException {
        // the real class checks that the callable runs on an agent; nothing to check in a plain JVM
    }
}
