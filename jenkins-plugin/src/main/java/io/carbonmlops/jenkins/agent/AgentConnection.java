package io.carbonmlops.jenkins.agent;

import hudson.remoting.Channel;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The agent's side of its connection to the controller: when it closes, every window's totals go to its journal
 * at once, since an inbound agent then re-executes its JVM and the meters in it are lost. What the journal holds is
 * what a resumed window continues from ({@link AgentMeters#resume}).
 */
final class AgentConnection {
    private static final Map<Channel, Boolean> LISTENED = Collections.synchronizedMap(new WeakHashMap<>());

    private AgentConnection() {}

    /** Called on the agent by the callables that start or resume a window; once per connection. */
    static void snapshotWhenItCloses() {
        Channel channel = Channel.current();
        if (channel == null || LISTENED.putIfAbsent(channel, Boolean.TRUE) != null) {
            return;
        }
        channel.addListener(new Channel.Listener() {
            @Override
            public void onClosed(Channel closed, IOException cause) {
                AgentMeters.shared().snapshotAll();
            }
        });
    }
}
