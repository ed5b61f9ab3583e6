package hudson.remoting;

import java.io.IOException;

/** Stand-in: a remoting channel, only the members the plugin uses. */
public interface VirtualChannel {
    <V, T extends Throwable> V call(Callable<V, T> callable) throws IOException, T, InterruptedException;
}
