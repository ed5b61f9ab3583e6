package io.carbonmlops.jenkins.agent;

import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs on the agent, on a window's journal, when the agent (re)connects while the block's body runs: meters the
 * window again if the JVM that ran it is gone ({@link AgentMeters#resume}). Returns what it found, by name.
 */
public final class ResumeMeter extends MasterToSlaveFileCallable<String> {
    private static final long serialVersionUID = 1L;

    private final MeterRequest request;

    public ResumeMeter(MeterRequest request) {
        this.request = request;
    }

    @Override
    public String invoke(File journal, VirtualChannel channel) throws IOException {
        try {
            AgentConnection.snapshotWhenItCloses();
            return AgentMeters.shared().resume(request, journal.toPath()).name();
        } catch (IOException | RuntimeException | Error e) {
            throw AgentFailure.of("cannot resume the energy meter " + request.meterId() + " on this agent", e);
        }
    }
}
