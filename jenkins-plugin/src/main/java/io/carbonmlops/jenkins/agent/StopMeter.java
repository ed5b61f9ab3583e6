package io.carbonmlops.jenkins.agent;

import hudson.remoting.VirtualChannel;
import io.carbonmlops.meter.report.MeasurementJson;
import java.io.File;
import java.io.IOException;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs on the agent, on the journal file: stops the window (or reads what its journal kept) and returns the
 * measurement in its JSON form, which crosses remoting as a plain string; a failure as text only ({@link AgentFailure}).
 */
public final class StopMeter extends MasterToSlaveFileCallable<String> {
    private static final long serialVersionUID = 1L;

    private final String meterId;

    public StopMeter(String meterId) {
        this.meterId = meterId;
    }

    @Override
    public String invoke(File journal, VirtualChannel channel) throws IOException {
        try {
            return MeasurementJson.toJson(AgentMeters.shared().stop(meterId, journal.toPath()));
        } catch (IOException | RuntimeException | Error e) {
            throw AgentFailure.of("cannot read the energy meter " + meterId + " on this agent", e);
        }
    }
}
