package io.carbonmlops.jenkins.agent;

import io.carbonmlops.meter.EnergyMeter;
import io.carbonmlops.meter.MarkedMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementWindow;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.MeterConfig;
import io.carbonmlops.meter.WindowContinuation;
import io.carbonmlops.meter.report.MeasurementJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
 *
 * <p>The agent JVM may run several registries, one per remoting connection that loaded this class; a stop reaches the
 * window in whichever runs it ({@link MeterGenerations}).
 */
public final class AgentMeters implements AgentMetersMBean {
    /** This boot of the machine ({@code /proc/sys/kernel/random/boot_id}); null where unknown. */
    private static final String BOOT_ID = bootId();
    private static final AgentMeters SHARED = new AgentMeters(MeterClock.SYSTEM, System.getenv(), true);

    private final MeterClock clock;
    private final Map<String, String> agentEnvironment;
    private final Map<MeterKey, SharedMeter> meters = new HashMap<>();
    private final Map<String, RunningWindow> windows = new HashMap<>();
    private final ScheduledExecutorService snapshots;
    private final Function<Path, MeterJournal> journals;
    private final MeterGenerations generations;

    /** @param reachable whether later remoting connections may reach this registry (only the agent's own) */
    AgentMeters(MeterClock clock, Map<String, String> agentEnvironment, boolean reachable) {
        this(clock, agentEnvironment, journalThread(), MeterJournal::new, reachable);
    }

    /** One daemon thread for every journal, gone when idle: a registry a reconnect left behind keeps no thread. */
    private static ScheduledExecutorService journalThread() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "carbon-mlops journal");
            thread.setDaemon(true);
            return thread;
        });
        executor.setKeepAliveTime(1, TimeUnit.MINUTES);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** For tests: the journal schedule's executor and the journals in the test's hands. */
    AgentMeters(MeterClock clock, Map<String, String> agentEnvironment, ScheduledExecutorService snapshots,
            Function<Path, MeterJournal> journals) {
        this(clock, agentEnvironment, snapshots, journals, false);
    }

    private AgentMeters(MeterClock clock, Map<String, String> agentEnvironment, ScheduledExecutorService snapshots,
            Function<Path, MeterJournal> journals, boolean reachable) {
        this.clock = clock;
        this.agentEnvironment = Map.copyOf(agentEnvironment);
        this.snapshots = snapshots;
        this.journals = journals;
        this.generations = reachable ? new MeterGenerations(this) : null;
    }

    /** The registry of this JVM: what remoting callables use on an agent. */
    public static AgentMeters shared() {
        return SHARED;
    }

    /** Begins the request's window and its journal; returns the journal's path on this machine. */
    public synchronized Path start(MeterRequest request) {
        return open(request, journalDirectory(request).resolve(request.meterId() + ".jsonl"), null);
    }

    /** What {@link #resume} found. */
    public enum Resumption {
        /** The window runs in this JVM (in this registry or one an earlier connection loaded): nothing to do. */
        RUNNING,
        /** The window was stopped: its journal ends with the final entry. */
        FINISHED,
        /** The JVM that ran it is gone: a new segment meters from now on, the gap named in a warning. */
        RESUMED
    }

    /**
     * Meters again a window whose JVM died during the body (an inbound agent re-executes its JVM when its connection
     * drops): a new segment in the same journal, whose entries carry the earlier segment's totals plus its own.
     *
     * @throws IOException when the journal has no entry to continue
     */
    public synchronized Resumption resume(MeterRequest request, Path journalFile) throws IOException {
        if (windows.containsKey(request.meterId())
                || generations != null && generations.isRunningElsewhere(request.meterId())) {
            return Resumption.RUNNING;
        }
        MeterJournal.Entry last = lastEntry(request.meterId(), journalFile);
        if (last.isFinal()) {
            return Resumption.FINISHED;
        }
        open(request, journalFile, last);
        return Resumption.RESUMED;
    }

    /** @param resumedFrom the last entry of the dead JVM's segment when this window continues it; else null */
    private Path open(MeterRequest request, Path journalFile, MeterJournal.Entry resumedFrom) {
        if (windows.containsKey(request.meterId())) {
            throw new IllegalArgumentException("meter " + request.meterId() + " is already running on this agent");
        }
        MeterKey key = new MeterKey(configFor(request), request.environment());
        SharedMeter shared = meters.computeIfAbsent(key,
                k -> new SharedMeter(EnergyMeter.open(k.config(), environmentFor(request), clock)));
        MeasurementWindow window = shared.meter.begin(request.meterId());
        shared.windows++;
        RunningWindow running = new RunningWindow(key, window, journals.apply(journalFile),
                resumedFrom == null ? null : continuation(resumedFrom, window, request.meterId()));
        try {
            Measurement first = running.appendSnapshot();
            MeasurementJson.toJson(first); // loads what a stop needs while this connection's classes can still load
        } catch (RuntimeException e) {
            window.stop(); // no journal, no window: nothing would ever stop it
            release(key);
            throw e;
        }
        running.task = snapshots.scheduleAtFixedRate(running::snapshotQuietly,
                request.snapshotIntervalMillis(), request.snapshotIntervalMillis(), TimeUnit.MILLISECONDS);
        windows.put(request.meterId(), running);
        if (generations != null) {
            generations.publish();
        }
        return running.journal.file();
    }

    /**
     * How a resumed window continues the dead JVM's segment: the counters' marks of its last entry count the energy
     * of the gap, provided the machine did not reboot in between (the counters restart then).
     */
    private WindowContinuation continuation(MeterJournal.Entry last, MeasurementWindow window, String meterId) {
        boolean sameBoot = last.bootId() != null && last.bootId().equals(BOOT_ID);
        return WindowContinuation.after(last.measurement(), sameBoot ? last.marks() : List.of(), window.startMarks(),
                "meter " + meterId, "the agent's JVM restarted during the body, as an inbound agent does when its"
                        + " connection drops" + (sameBoot || last.marks().isEmpty() ? "" : "; the machine rebooted"));
    }

    /** Appends the running totals of a window now (the periodic task does this on its own). */
    public synchronized void snapshot(String meterId) {
        RunningWindow running = windows.get(meterId);
        if (running == null) {
            throw new IllegalArgumentException("meter " + meterId + " is not running on this agent");
        }
        running.snapshot();
    }

    /** Appends every running window's totals now: the connection is closing, and the JVM may be re-executed next. */
    public synchronized void snapshotAll() {
        windows.values().forEach(RunningWindow::snapshotQuietly);
    }

    /**
     * Stops the window and returns its measurement. When this JVM does not run it (it was restarted), the
     * journal answers: its final entry if the window was stopped before, else its last running totals marked
     * partial, which then become its final entry (so that nothing resumes it later). Calling stop again returns
     * the same final measurement.
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
        Optional<String> elsewhere = generations == null ? Optional.empty()
                : generations.stopElsewhere(meterId, journalFile.toString());
        if (elsewhere.isPresent()) {
            return MeasurementJson.parse(elsewhere.get()).measurement();
        }
        synchronized (this) {
            MeterJournal.Entry last = lastEntry(meterId, journalFile);
            if (last.isFinal()) {
                return last.measurement();
            }
            Measurement recovered = MeterJournal.recovered(last.measurement(), meterId);
            new MeterJournal(journalFile).appendFinal(recovered);
            return recovered;
        }
    }

    private static MeterJournal.Entry lastEntry(String meterId, Path journalFile) throws IOException {
        return new MeterJournal(journalFile).last().orElseThrow(() -> new IOException(
                "no energy was recorded for meter " + meterId + ": its journal " + journalFile
                        + " is missing or empty (the agent restarted before the first entry, or the file was removed)"));
    }

    /** Whether this registry runs the window now. */
    @Override
    public synchronized boolean isRunning(String meterId) {
        return windows.containsKey(meterId);
    }

    @Override
    public synchronized int getWindowCount() {
        return windows.size();
    }

    /** The stop a later connection asks for (through {@link MeterGenerations}), answered in JDK types. */
    @Override
    public String stopToJson(String meterId, String journalPath) throws IOException {
        return MeasurementJson.toJson(stop(meterId, Path.of(journalPath)));
    }

    private synchronized void release(MeterKey key) {
        SharedMeter shared = meters.get(key);
        if (shared != null && --shared.windows == 0) {
            meters.remove(key);
            try {
                shared.meter.close();
            } catch (RuntimeException | LinkageError e) {
                // the connection that loaded the meter's classes may be gone; the measurement is already taken
            }
        }
        if (windows.isEmpty() && generations != null) {
            generations.withdraw();
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

    private static String bootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        } catch (IOException | RuntimeException e) {
            return null; // not Linux: marks are not trusted across JVMs
        }
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
        private final WindowContinuation resumed;
        ScheduledFuture<?> task;
        private boolean stopped;

        RunningWindow(MeterKey key, MeasurementWindow window, MeterJournal journal, WindowContinuation resumed) {
            this.key = key;
            this.window = window;
            this.journal = journal;
            this.resumed = resumed;
        }

        /** The window's totals from this segment's: with the earlier segments' when it was resumed. */
        Measurement totals(Measurement segment) {
            return resumed == null ? segment : resumed.combine(segment);
        }

        synchronized void snapshot() {
            if (stopped) {
                throw new IllegalArgumentException("meter " + window.id() + " is stopping");
            }
            appendSnapshot();
        }

        /** Appends the running totals with the counters' marks of the same reading; returns the totals. */
        Measurement appendSnapshot() {
            MarkedMeasurement marked = window.markedSnapshot();
            Measurement totals = totals(marked.measurement());
            journal.appendSnapshot(totals, marked.marks(), BOOT_ID);
            return totals;
        }

        /** The schedule's call: once the stop began there is nothing to write; a failure must not end the schedule. */
        synchronized void snapshotQuietly() {
            if (stopped) {
                return;
            }
            try {
                appendSnapshot();
            } catch (RuntimeException e) {
                // a full disk must not kill the schedule of the other windows; the stop reports what is missing
            }
        }

        synchronized Measurement stop() {
            stopped = true;
            if (task != null) {
                task.cancel(false);
            }
            Measurement measurement = totals(window.stop());
            journal.appendFinal(measurement);
            return measurement;
        }
    }
}
