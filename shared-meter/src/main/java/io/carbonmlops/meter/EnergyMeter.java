package io.carbonmlops.meter;

import io.carbonmlops.meter.cpu.CpuDiscovery;
import io.carbonmlops.meter.gpu.NvmlDiscovery;
import io.carbonmlops.meter.ram.RamDiscovery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Measures the energy of named, possibly overlapping windows of work on every device discovery found.
 *
 * <h2>How</h2>
 * Every {@link EnergySource} is a cumulative counter in joules. One daemon poller thread per meter reads each
 * source at its own {@link EnergySource#pollInterval()} (for counter wraparound, power-sampling integration,
 * peak power and the power series); {@link #begin} and {@link #end} additionally read every source
 * synchronously, so a window's energy is exactly {@code cumulative(end) - cumulative(begin)} per device.
 *
 * <h2>Thread safety</h2>
 * All methods may be called from any thread. One lock guards sources and windows, so a source is never read
 * concurrently. {@link #close()} stops the poller and closes the sources; the meter cannot be used after.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * try (EnergyMeter meter = EnergyMeter.open(MeterConfig.defaults())) {
 *     MeasurementWindow window = meter.begin("train");
 *     train();
 *     Measurement m = window.stop();
 * }
 * }</pre>
 */
public final class EnergyMeter implements AutoCloseable {
    private static final AtomicInteger POLLER_NUMBER = new AtomicInteger();
    private static final int MAX_POLLER_WARNINGS = 3;

    private final MeterClock clock;
    private final double pue;
    private final List<DeviceStatus> statuses;
    private final List<String> discoveryWarnings;
    private final List<DeviceTrack> tracks = new ArrayList<>();
    private final Map<String, WindowState> windows = new LinkedHashMap<>();
    private final int maxSeriesPoints;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition pollerWakeUp = lock.newCondition();
    private final List<String> pollerWarnings = new ArrayList<>();
    private Thread poller;
    private boolean closed;

    private EnergyMeter(SourceDiscovery discovery, MeterConfig config, MeterClock clock, int maxSeriesPoints) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pue = config.pue();
        this.statuses = discovery.statuses();
        this.discoveryWarnings = discovery.warnings();
        this.maxSeriesPoints = maxSeriesPoints;
        long nowNanos = clock.monotonicNanos();
        for (EnergySource source : discovery.sources()) {
            DeviceTrack track = new DeviceTrack(source, nowNanos);
            track.read(nowNanos);
            tracks.add(track);
        }
    }

    /** Discovers GPUs, CPU and RAM on this machine with the process environment and the system clock. */
    public static EnergyMeter open(MeterConfig config) {
        return open(config, System.getenv(), MeterClock.SYSTEM);
    }

    /**
     * Discovers GPUs (NVML), CPU packages (RAPL, else the TDP estimate) and RAM (RAPL dram, else the estimate),
     * honouring {@link MeterConfig#cpuEnabled()} and {@link MeterConfig#ramEnabled()}, and starts polling.
     * Never fails for lack of a device: what cannot be measured is listed by {@link #devices()} with the reason.
     */
    public static EnergyMeter open(MeterConfig config, Map<String, String> env, MeterClock clock) {
        List<SourceDiscovery> parts = new ArrayList<>();
        parts.add(NvmlDiscovery.discover(config, env, clock));
        parts.add(config.cpuEnabled() ? CpuDiscovery.discover(config, clock) : disabled(DeviceKind.CPU, "--no-cpu"));
        parts.add(config.ramEnabled() ? RamDiscovery.discover(config, clock) : disabled(DeviceKind.RAM, "--no-ram"));
        return of(SourceDiscovery.concat(parts), config, clock);
    }

    /** A meter over the given sources (fakes in tests, or a custom discovery); starts polling. */
    public static EnergyMeter of(SourceDiscovery discovery, MeterConfig config, MeterClock clock) {
        EnergyMeter meter = unstarted(discovery, config, clock, PowerSeries.DEFAULT_MAX_POINTS);
        meter.startPoller();
        return meter;
    }

    /** A meter whose polls tests drive with {@link #pollOnce()}: no thread, no sleeping. */
    static EnergyMeter unstarted(SourceDiscovery discovery, MeterConfig config, MeterClock clock, int maxSeriesPoints) {
        return new EnergyMeter(discovery, config, clock, maxSeriesPoints);
    }

    /** What discovery found: every device with its method, including those that cannot be measured and why. */
    public List<DeviceStatus> devices() {
        return statuses;
    }

    /** The warnings discovery gave, which every measurement of this meter starts with. */
    public List<String> discoveryWarnings() {
        return discoveryWarnings;
    }

    /**
     * Opens a window: reads every source now and remembers the readings under {@code windowId}.
     *
     * @throws IllegalArgumentException when a window with this id is already open
     */
    public MeasurementWindow begin(String windowId) {
        Objects.requireNonNull(windowId, "windowId");
        lock.lock();
        try {
            ensureOpen();
            if (windows.containsKey(windowId)) {
                throw new IllegalArgumentException("measurement window '" + windowId
                        + "' is already open; end it first or begin a window with another id");
            }
            Instant startedAt = clock.wallTime();
            long startNanos = readAll();
            WindowState window = new WindowState(windowId, startedAt, startNanos, tracks, maxSeriesPoints, marks());
            windows.put(windowId, window);
            return new MeasurementWindow(this, windowId, startedAt, window);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes a window: reads every source now and returns its measurement.
     *
     * @throws IllegalArgumentException when no window with this id is open
     */
    public Measurement end(String windowId) {
        return end(windowId, null);
    }

    /** Ends the window with this id, which must be the window {@code token} if one is given. */
    Measurement end(String windowId, Object token) {
        lock.lock();
        try {
            ensureOpen();
            Measurement measurement = measure(window(windowId, token));
            windows.remove(windowId);
            return measurement;
        } finally {
            lock.unlock();
        }
    }

    /** The measurement of an open window so far, which stays open. */
    Measurement snapshot(String windowId, Object token) {
        lock.lock();
        try {
            ensureOpen();
            return measure(window(windowId, token));
        } finally {
            lock.unlock();
        }
    }

    /** The measurement of an open window so far and the counters' marks of the same reading. */
    MarkedMeasurement markedSnapshot(String windowId, Object token) {
        lock.lock();
        try {
            ensureOpen();
            return new MarkedMeasurement(measure(window(windowId, token)), marks());
        } finally {
            lock.unlock();
        }
    }

    /** The counters' marks at the window's start. */
    List<CounterMark> startMarks(String windowId, Object token) {
        lock.lock();
        try {
            ensureOpen();
            return window(windowId, token).startMarks();
        } finally {
            lock.unlock();
        }
    }

    /** The marks of every device that has its own counter and still answers, as of its last reading. */
    private List<CounterMark> marks() {
        List<CounterMark> marks = new ArrayList<>();
        for (DeviceTrack track : tracks) {
            if (!track.isLost()) {
                track.source().mark().ifPresent(marks::add);
            }
        }
        return marks;
    }

    /** Stops the poller and closes every source. Open windows are discarded. Idempotent. */
    @Override
    public void close() {
        Thread pollerToJoin;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            windows.clear();
            pollerWakeUp.signalAll();
            pollerToJoin = poller;
        } finally {
            lock.unlock();
        }
        joinQuietly(pollerToJoin);
        for (DeviceTrack track : tracks) {
            track.close();
        }
    }

    /** One poll tick: reads every source that is due now. The poller calls it; tests call it directly. */
    void pollOnce() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long nowNanos = clock.monotonicNanos();
            for (int i = 0; i < tracks.size(); i++) {
                if (tracks.get(i).isDue(nowNanos)) {
                    readTrack(i, nowNanos);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private WindowState window(String windowId, Object token) {
        WindowState window = windows.get(windowId);
        if (window == null || (token != null && window != token)) {
            throw new IllegalArgumentException("no open measurement window '" + windowId + "' (open: "
                    + windows.keySet() + ")" + (window != null ? "; this handle's window was already stopped" : ""));
        }
        return window;
    }

    private Measurement measure(WindowState window) {
        Instant endedAt = clock.wallTime();
        long endNanos = readAll();
        List<DeviceMeasurement> devices = new ArrayList<>(window.deviceMeasurements(endNanos));
        devices.addAll(unmeasurableDevices());
        devices.sort(Comparator.comparing((DeviceMeasurement d) -> d.device().kind()).thenComparingInt(d -> d.device().index()));
        List<String> warnings = new ArrayList<>(discoveryWarnings);
        warnings.addAll(window.warnings());
        warnings.addAll(pollerWarnings);
        return new Measurement(window.startedAt(), endedAt, Duration.ofNanos(endNanos - window.startNanos()),
                devices, pue, warnings);
    }

    /**
     * Devices discovery saw but cannot measure (say a GPU without permission), as explicit zero-energy
     * {@link MeasurementMethod#UNAVAILABLE} rows, so a reader never mistakes them for measured zeros. Backend
     * placeholders (index below 0, "no NVML library") stay in the warnings only.
     */
    private List<DeviceMeasurement> unmeasurableDevices() {
        List<DeviceMeasurement> rows = new ArrayList<>();
        for (DeviceStatus status : statuses) {
            if (status.method() == MeasurementMethod.UNAVAILABLE && status.device().index() >= 0) {
                rows.add(new DeviceMeasurement(status.device(), 0, MeasurementMethod.UNAVAILABLE, 0, 0, List.of(), false));
            }
        }
        return rows;
    }

    /** Reads every source at one instant; returns that instant. */
    private long readAll() {
        long nowNanos = clock.monotonicNanos();
        for (int i = 0; i < tracks.size(); i++) {
            readTrack(i, nowNanos);
        }
        return nowNanos;
    }

    private void readTrack(int index, long nowNanos) {
        if (tracks.get(index).read(nowNanos)) {
            for (WindowState window : windows.values()) {
                window.onReading(index);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the energy meter is closed");
        }
    }

    private void startPoller() {
        poller = new Thread(this::pollUntilClosed, "carbon-meter-poller-" + POLLER_NUMBER.incrementAndGet());
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * Polls until closed. A failure outside a source read (a bug; reads already turn failures into lost devices) is
     * recorded as a warning on every later measurement and polling goes on after a pause: window edges read every
     * source themselves, so energy stays exact and only the power series could thin out. Only an interrupt or a
     * {@link VirtualMachineError} ends the thread early, and that too is recorded.
     */
    private void pollUntilClosed() {
        lock.lock();
        try {
            while (!closed) {
                long waitNanos;
                try {
                    pollOnce();
                    waitNanos = nanosUntilNextPoll();
                } catch (RuntimeException | Error e) {
                    recordPollerFailure(e, e instanceof VirtualMachineError ? "stopped" : "continues after 1 s");
                    if (e instanceof VirtualMachineError fatal) {
                        throw fatal;
                    }
                    waitNanos = TimeUnit.SECONDS.toNanos(1);
                }
                pollerWakeUp.awaitNanos(waitNanos);
            }
        } catch (InterruptedException e) {
            if (!closed) {
                recordPollerFailure(e, "stopped");
            }
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** One warning per distinct failure, at most {@value #MAX_POLLER_WARNINGS}; called under the lock. */
    private void recordPollerFailure(Throwable failure, String then) {
        String warning = "meter poller: unexpected " + failure.getClass().getSimpleName() + " (" + failure.getMessage()
                + "); polling " + then + "; window energy stays exact (edges read every device), the power series"
                + " and peak power may miss readings";
        if (pollerWarnings.size() < MAX_POLLER_WARNINGS && !pollerWarnings.contains(warning)) {
            pollerWarnings.add(warning);
        }
    }

    private long nanosUntilNextPoll() {
        long nowNanos = clock.monotonicNanos();
        long waitNanos = TimeUnit.MINUTES.toNanos(1);
        for (DeviceTrack track : tracks) {
            waitNanos = Math.min(waitNanos, track.nanosUntilDue(nowNanos));
        }
        return waitNanos;
    }

    private static void joinQuietly(Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SourceDiscovery disabled(DeviceKind kind, String option) {
        DeviceStatus status = new DeviceStatus(new DeviceId(kind, -1, null, kind.label().toUpperCase(Locale.ROOT)),
                MeasurementMethod.UNAVAILABLE, "not measured: disabled by configuration (" + option + ")", "");
        return new SourceDiscovery(List.of(), List.of(status), List.of());
    }
}
