package io.carbonmlops.jenkins.agent;

import java.io.IOException;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs on the agent: begins a measurement window there and returns the path of its journal on that agent. A failure
 * comes back as {@link AgentFailure}, an {@link IOException} carrying only text: the controller deserializes what an
 * agent throws under its class filter (JEP-200), and the cause's classes (shared-meter, JNA) are not all its own.
 */
public final class StartMeter extends MasterToSlaveCallable<String, IOException> {
    private static final long serialVersionUID = 1L;

    private final MeterRequest request;

    public StartMeter(MeterRequest request) {
        this.request = request;
    }

    @Override
    public String call() throws IOException {
        try {
            AgentConnection.snapshotWhenItCloses();
            return AgentMeters.shared().start(request).toAbsolutePath().toString();
        } catch (RuntimeException | Error e) {
            throw AgentFailure.of("cannot start the energy meter on this agent", e);
        }
    }
}
