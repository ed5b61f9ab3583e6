package io.carbonmlops.jenkins.agent;

import java.io.IOException;
import jenkins.security.MasterToSlaveCallable;

/** Runs on the agent: begins a measurement window there and returns the path of its journal on that agent. */
public final class StartMeter extends MasterToSlaveCallable<String, IOException> {
    private static final long serialVersionUID = 1L;

    private final MeterRequest request;

    public StartMeter(MeterRequest request) {
        this.request = request;
    }

    @Override
    public String call() throws IOException {
        try {
            return AgentMeters.shared().start(request).toAbsolutePath().toString();
        } catch (RuntimeException e) {
            throw new IOException("cannot start the energy meter on this agent: " + e.getMessage(), e);
        }
    }
}
