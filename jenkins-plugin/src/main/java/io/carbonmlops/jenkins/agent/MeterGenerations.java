package io.carbonmlops.jenkins.agent;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.UUID;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The agent JVM's meter registries across remoting connections. Remoting loads the plugin's classes on an agent
 * through class loaders of the connection, so after a reconnect (a controller restart, a dropped WebSocket) the
 * agent-side classes are loaded again, with an empty {@link AgentMeters}, while the windows started before keep
 * running in the earlier loader's. A registry that runs windows is therefore published on the JVM's platform MBean
 * server, a JVM-wide place whose calls take and return JDK types only, and a stop that finds no window of that id in
 * its own registry asks the earlier ones.
 */
final class MeterGenerations {
    private static final String DOMAIN = "io.carbonmlops.jenkins";

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name;
    private final AgentMetersMBean registry;
    private boolean published;

    MeterGenerations(AgentMetersMBean registry) {
        this.registry = registry;
        try {
            this.name = new ObjectName(DOMAIN + ":type=AgentMeters,generation=" + UUID.randomUUID());
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes the registry reachable from later connections; idempotent. */
    synchronized void publish() {
        if (published) {
            return;
        }
        try {
            server.registerMBean(registry, name);
            published = true;
        } catch (JMException e) {
            // without it only this connection can stop the window; a later one reads the journal (partial)
        }
    }

    /** Once the registry runs no window: nothing to reach any more, and its class loader may go. */
    synchronized void withdraw() {
        if (!published) {
            return;
        }
        try {
            server.unregisterMBean(name);
        } catch (JMException e) {
            // already gone
        }
        published = false;
    }

    /** Whether the registry of an earlier connection runs the window. */
    boolean isRunningElsewhere(String meterId) {
        try {
            for (ObjectName other : server.queryNames(new ObjectName(DOMAIN + ":type=AgentMeters,*"), null)) {
                if (!other.equals(name) && Boolean.TRUE.equals(server.invoke(other, "isRunning",
                        new Object[] {meterId}, new String[] {String.class.getName()}))) {
                    return true;
                }
            }
            return false;
        } catch (JMException e) {
            return false;
        }
    }

    /**
     * Stops the window in the registry of an earlier connection that runs it.
     *
     * @return the measurement's JSON; empty when no other registry runs the window
     * @throws IOException when the registry that runs it could not stop it
     */
    Optional<String> stopElsewhere(String meterId, String journalPath) throws IOException {
        try {
            for (ObjectName other : server.queryNames(new ObjectName(DOMAIN + ":type=AgentMeters,*"), null)) {
                if (!other.equals(name) && Boolean.TRUE.equals(server.invoke(other, "isRunning",
                        new Object[] {meterId}, new String[] {String.class.getName()}))) {
                    return Optional.of((String) server.invoke(other, "stopToJson", new Object[] {meterId, journalPath},
                            new String[] {String.class.getName(), String.class.getName()}));
                }
            }
            return Optional.empty();
        } catch (MBeanException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException("the meter of an earlier connection could not stop " + meterId + ": "
                    + cause.getMessage());
        } catch (JMException e) {
            throw new IOException("the meters of earlier connections cannot be reached: " + e.getMessage());
        }
    }
}
