package io.carbonmlops.jenkins.agent;

import io.carbonmlops.meter.EnergyMeter;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementWindow;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.MeterConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The meters running in one agent JVM. Windows that would see the same devices (same meter configuration and same
 * visibility variables, such as {@code CUDA_VISIBLE_DEVICES}) share one {@link EnergyMeter} (one poller per device
 * set), so nested and parallel {@code withCarbonTracking} blocks on one agent each get their own correct figures,
 * and two parallel blocks given different GPUs each report only theirs; a meter closes when its last window stops.
 *
 * <p>Every window's running totals go to its {@link MeterJournal} at the request's interval, so a stop issued
 * after this JVM died still finds the energy up to the last entry. A window's snapshots and its stop take turns
 * (the window's own lock), and no snapshot is written once the stop began: the final entry stays the last.
 */
public final class AgentMeters {
    private static final AgentMeters SHARED = new AgentMeters(MeterClock.SYSTEM, System.getenv());

    private final MeterClock clock;
    private final Map<String, String> agentEnvironment;
    private final Map<MeterKey, SharedMeter> meters = new HashMap<>();
    private final Map<String, RunningWindow> windows = new HashMap<>();
    private final ScheduledExecutorService snapshots;
    private final Function<Path, MeterJournal> journals;

    AgentMeters(MeterClock clock, Map<String, String> agentEnvironment) {
        this(clock, agentEnvironment, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "carbon-mlops journal");
            thread.setDaemon(true);
            return thread;
        }), MeterJournal::new);
    }

    /** For tests: the journal schedule's executor and the journals in the test's hands. */
    AgentMeters(MeterClock clock, Map<String, String> agentEnvironment, ScheduledExecutorService snapshots,
            Function<Path, MeterJournal> journals) {
        this.clock = clock;
        this.agentEnvironment = Map.copyOf(agentEnvironment);
        this.snapshots = snapshots;
        this.journals = journals;
    }

    /** The registry of this JVM: what remoting callables use on an agent. */
    public static AgentMeters shared() {
        return SHARED;
    }

    /** Begins the request's window and its journal; returns the journal's path on this machine. */
    public synchronized Path start(MeterRequest request) {
        if (windows.containsKey(request.meterId())) {
            throw new IllegalArgumentException("meter " + request.meterId() + " is already running on this agent");
        }
        MeterKey key = new MeterKey(configFor(request), request.environment());
        SharedMeter shared = meters.computeIfAbsent(key,
                k -> new SharedMeter(EnergyMeter.open(k.config(), environmentFor(request), clock)));
        MeasurementWindow window = shared.meter.begin(request.meterId());
        shared.windows++;
        RunningWindow running = new RunningWindow(key, window,
                journals.apply(journalDirectory(request).resolve(request.meterId() + ".jsonl")));
        try {
            running.journal.appendSnapshot(window.snapshot());
        } catch (RuntimeException e) {
            window.stop(); // no journal, no window: nothing would ever stop it
            release(key);
            throw e;
        }
        running.task = snapshots.scheduleAtFixedRate(running::snapshotQuietly,
                request.snapshotIntervalMillis(), request.snapshotIntervalMillis(), TimeUnit.MILLISECONDS);
        windows.put(request.meterId(), running);
        return running.journal.file();
    }

    /** Appends the running totals of a window now (the periodic task does this on its own). */
    public synchronized void snapshot(String meterId) {
        RunningWindow running = windows.get(meterId);
        if (running == null) {
            throw new IllegalArgumentException("meter " + meterId + " is not running on this agent");
        }
        running.snapshot();
    }

    /**
     * Stops the window and returns its measurement. When this JVM does not run it (it was restarted), the
     * journal answers: its final entry if the window was stopped before, else its last running totals marked
     * partial. Calling stop again returns the same final measurement.
     *
     * @throws IOException when the journal has no entry at all
     */
    public Measurement stop(String meterId, Path journalFile) throws IOException {
        RunningWindow running;
        synchronized (this) {
            running = windows.remove(meterId);
        }
        if (running != null) {
            Measurement measurement = running.stop();
            release(running.key);
            return measurement;
        }
        MeterJournal.Entry last = new MeterJournal(journalFile).last().orElseThrow(() -> new IOException(
                "no energy was recorded for meter " + meterId + ": its journal " + journalFile
                        + " is missing or empty (the agent restarted before the first entry, or the file was removed)"));
        return last.isFinal() ? last.measurement() : MeterJournal.recovered(last.measurement(), meterId);
    }

    /** Whether this JVM runs the window now. */
    public synchronized boolean isRunning(String meterId) {
        return windows.containsKey(meterId);
    }

    private synchronized void release(MeterKey key) {
        SharedMeter shared = meters.get(key);
        if (shared != null && --shared.windows == 0) {
            meters.remove(key);
            shared.meter.close();
        }
    }

    private static MeterConfig configFor(MeterRequest request) {
        MeterConfig config = MeterConfig.defaults().withPue(request.pue());
        return request.gpus() == null ? config : config.withGpuSelection(request.gpus());
    }

    private Map<String, String> environmentFor(MeterRequest request) {
        Map<String, String> env = new HashMap<>(agentEnvironment);
        env.putAll(request.environment());
        return env;
    }

    private static Path journalDirectory(MeterRequest request) {
        if (request.journalDirectory() != null) {
            return Path.of(request.journalDirectory());
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "carbon-mlops", "meters");
    }

    /** Look-up for tests and status lines. */
    synchronized Optional<Path> journalOf(String meterId) {
        return Optional.ofNullable(windows.get(meterId)).map(r -> r.journal.file());
    }

    private static final class SharedMeter {
        final EnergyMeter meter;
        int windows;

        SharedMeter(EnergyMeter meter) {
            this.meter = meter;
        }
    }

    /** What decides the devices a meter sees: its configuration and the request's visibility variables. */
    private record MeterKey(MeterConfig config, Map<String, String> environment) {}

    /** One window, its journal and its snapshot task; snapshots and the stop hold the window's lock. */
    private static final class RunningWindow {
        final MeterKey key;
        final MeasurementWindow window;
        final MeterJournal journal;
        ScheduledFuture<?> task;
        private boolean stopped;

        RunningWindow(MeterKey key, MeasurementWindow window, MeterJournal journal) {
            this.key = key;
            this.window = window;
            this.journal = journal;
        }

        synchronized void snapshot() {
            if (stopped) {
                throw new IllegalArgumentException("meter " + window.id() + " is stopping");
            }
            journal.appendSnapshot(window.snapshot());
        }

        /** The schedule's call: once the stop began there is nothing to write; a failure must not end the schedule. */
        synchronized void snapshotQuietly() {
            if (stopped) {
                return;
            }
            try {
                journal.appendSnapshot(window.snapshot());
            } catch (RuntimeException e) {
                // a full disk must not kill the schedule of the other windows; the stop reports what is missing
            }
        }

        synchronized Measurement stop() {
            stopped = true;
            if (task != null) {
                task.cancel(false);
            }
            Measurement measurement = window.stop();
            journal.appendFinal(measurement);
            return measurement;
        }
    }
}
