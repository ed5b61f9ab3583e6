package io.carbonmlops.meter;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An energy source whose cumulative counter the test sets, or which draws a set power between reads.
 * Records whether two threads ever read it at once ({@link #wasReadConcurrently()}).
 */
final class FakeEnergySource implements EnergySource {
    private final DeviceId device;
    private final MeasurementMethod method;
    private final Duration pollInterval;
    private final AtomicInteger readsInFlight = new AtomicInteger();
    private final CountDownLatch readsSeen;
    private double cumulativeJoules;
    private double powerWatts;
    private long lastNanos = Long.MIN_VALUE;
    private String lostCause;
    private int reads;
    private boolean closed;
    private volatile boolean readConcurrently;
    private final java.util.List<String> warnings = new java.util.ArrayList<>();

    FakeEnergySource(DeviceId device, MeasurementMethod method, Duration pollInterval) {
        this(device, method, pollInterval, 0);
    }

    FakeEnergySource(DeviceId device, MeasurementMethod method, Duration pollInterval, int readsToAwait) {
        this.device = device;
        this.method = method;
        this.pollInterval = pollInterval;
        this.readsSeen = new CountDownLatch(readsToAwait);
    }

    static FakeEnergySource gpu(int index) {
        return new FakeEnergySource(new DeviceId(DeviceKind.GPU, index, "GPU-fake-" + index, "Fake GPU"),
                MeasurementMethod.NVML_ENERGY_COUNTER, Duration.ofSeconds(1));
    }

    static FakeEnergySource cpu() {
        return new FakeEnergySource(new DeviceId(DeviceKind.CPU, 0, null, "package-0"), MeasurementMethod.RAPL,
                Duration.ofSeconds(1));
    }

    @Override
    public DeviceId device() {
        return device;
    }

    @Override
    public MeasurementMethod method() {
        return method;
    }

    @Override
    public Duration pollInterval() {
        return pollInterval;
    }

    @Override
    public double readCumulativeJoules(long monotonicNanos) throws DeviceLostException {
        if (readsInFlight.incrementAndGet() != 1) {
            readConcurrently = true;
        }
        try {
            synchronized (this) {
                if (lostCause != null) {
                    throw new DeviceLostException(lostCause);
                }
                if (lastNanos != Long.MIN_VALUE) {
                    cumulativeJoules += powerWatts * (monotonicNanos - lastNanos) / 1e9;
                }
                lastNanos = monotonicNanos;
                reads++;
                return cumulativeJoules;
            }
        } finally {
            readsInFlight.decrementAndGet();
            readsSeen.countDown();
        }
    }

    /** Sets the counter the next read returns (and stops power integration from adding to it). */
    synchronized void setCumulativeJoules(double joules) {
        cumulativeJoules = joules;
    }

    /** From now on, every read adds power × time since the previous read. */
    synchronized void setPowerWatts(double watts) {
        powerWatts = watts;
    }

    synchronized void warn(String warning) {
        warnings.add(warning);
    }

    @Override
    public synchronized java.util.List<String> warnings() {
        return java.util.List.copyOf(warnings);
    }

    synchronized void loseWith(String cause) {
        lostCause = cause;
    }

    synchronized int reads() {
        return reads;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    boolean wasReadConcurrently() {
        return readConcurrently;
    }

    CountDownLatch readsSeen() {
        return readsSeen;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
