package hudson.model;

import java.io.PrintStream;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

/** Stand-in: a build log. */
public interface TaskListener extends SerializableOnlyOverRemoting {
    PrintStream getLogger();
}
