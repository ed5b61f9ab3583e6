package io.carbonmlops.jenkins.tracking;

import io.carbonmlops.meter.Measurement;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code withCarbonTracking} does before its body, free of Jenkins, in an order that leaves nothing running when
 * a step fails: the name of the agent that runs the body first (a block whose agent the controller cannot name is not
 * metered: nothing would find its journal again), then the MLflow run, then the meter on the agent. With
 * {@code failOnError} any problem refuses the block after ending what was started (the run FAILED, the meter stopped);
 * otherwise each problem is a warning and the body runs. If the body cannot be started after all, {@link #abandon}
 * ends both.
 */
public final class BlockStart {
    private final TrackingSession session;
    private final Agent agent;

    public BlockStart(TrackingSession session, Agent agent) {
        this.session = Objects.requireNonNull(session, "session");
        this.agent = Objects.requireNonNull(agent, "agent");
    }

    /** The agent that runs the body, reached through remoting in Jenkins. */
    public interface Agent {
        /** The node's name ({@code ""} = the built-in node); null when the controller cannot name it. */
        String nodeName();

        /** Starts the block's meter there and returns its journal's path on that machine. */
        String startMeter() throws IOException, InterruptedException;

        /** Stops the meter of {@code opened} and returns what it measured. */
        Measurement stopMeter(Opened opened) throws IOException, InterruptedException;
    }

    /**
     * What is open while the body runs; persisted with the step's execution, so only values.
     *
     * @param node        the agent's name; null when unknown (then nothing is metered)
     * @param journalPath the meter's journal on the agent; null when the meter did not start
     * @param run         the MLflow run; null when it could not be created or attached
     */
    public record Opened(String node, String journalPath, StartedRun run) implements Serializable {
        private static final long serialVersionUID = 1L;

        public boolean metered() {
            return journalPath != null;
        }
    }

    /**
     * @param opened   what was started; null when the block was refused
     * @param problems every problem, each a sentence: warnings, or the reasons of the refusal
     */
    public record Outcome(Opened opened, List<String> problems) {
        public Outcome {
            problems = List.copyOf(problems);
        }

        public boolean refused() {
            return opened == null;
        }
    }

    public Outcome open(TrackingSettings settings, BuildInfo build, String meterId) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        String node = agent.nodeName();
        if (node == null) {
            problems.add("the controller cannot tell which agent runs this block (is " + build.node()
                    + " still connected?), so its energy is not metered");
            if (settings.failOnError()) {
                return new Outcome(null, problems);
            }
        }
        StartedRun run = session.begin(settings, build, meterId, problems).orElse(null);
        if (!problems.isEmpty() && settings.failOnError()) {
            return refuse(new Opened(node, null, run), problems);
        }
        String journal = node == null ? null : startMeter(build, problems);
        Opened opened = new Opened(node, journal, run);
        if (!problems.isEmpty() && settings.failOnError()) {
            return refuse(opened, problems);
        }
        return new Outcome(opened, problems);
    }

    /** Ends what {@code opened} started when its body never ran: the meter stopped, a run the block created FAILED. */
    public List<String> abandon(Opened opened) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        if (opened.metered()) {
            try {
                agent.stopMeter(opened);
            } catch (IOException | RuntimeException e) {
                problems.add("the energy meter could not be stopped: " + e.getMessage());
            }
        }
        if (opened.run() != null) {
            session.endUnmetered(opened.run(), BodyOutcome.FAILURE, problems);
        }
        return problems;
    }

    private String startMeter(BuildInfo build, List<String> problems) throws InterruptedException {
        try {
            return agent.startMeter();
        } catch (IOException | RuntimeException e) {
            problems.add("the energy meter could not start on " + build.node() + ": " + e.getMessage());
            return null;
        }
    }

    private Outcome refuse(Opened opened, List<String> problems) throws InterruptedException {
        List<String> all = new ArrayList<>(problems);
        all.addAll(abandon(opened));
        return new Outcome(null, all);
    }
}
