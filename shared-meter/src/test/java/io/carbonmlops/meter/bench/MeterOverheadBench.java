package io.carbonmlops.meter.bench;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceStatus;
import io.carbonmlops.meter.EnergyMeter;
import io.carbonmlops.meter.EnergySource;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.MeasurementWindow;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.MeterConfig;
import io.carbonmlops.meter.SourceDiscovery;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Meter overhead: CPU time the poller thread spends per hour of measurement. Two runs side by side:
 * <ol>
 *   <li>default settings with the real sources of this machine (NVML, RAPL or the estimates);
 *   <li>one source that returns a constant, polled every second (the GPU energy counter's cadence): the engine's
 *       own cost per wake-up, without any device read.
 * </ol>
 * Each holds one window open, reads the poller's CPU time with {@link ThreadMXBean} after a warm-up and at the
 * end, and extrapolates to one hour.
 *
 * <p>Run: {@code mvn -q -o -pl shared-meter test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.carbonmlops.meter.bench.MeterOverheadBench -Dcarbon.bench.seconds=60} (not
 * {@code -Dexec.args}, which would also replace the arguments of the build's fake-NVML compile step).
 * Goal: under 0.05 % of one core, i.e. 1.8 s of CPU per hour.
 */
public final class MeterOverheadBench {
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final double GOAL_SECONDS_PER_HOUR = 1.8;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private MeterOverheadBench() {}

    public static void main(String[] args) throws Exception {
        Duration run = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : Long.getLong("carbon.bench.seconds", 60));
        if (!THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure per-thread CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        try (EnergyMeter meter = EnergyMeter.open(MeterConfig.defaults())) {
            for (DeviceStatus status : meter.devices()) {
                System.out.println("device  " + status.device().describe() + ": " + status.method().label());
            }
            report("default settings, this machine's sources", measure(meter, run));
        }
        SourceDiscovery constant = new SourceDiscovery(List.of(new ConstantSource()), List.of(), List.of());
        try (EnergyMeter meter = EnergyMeter.of(constant, MeterConfig.defaults(), MeterClock.SYSTEM)) {
            report("engine only: one no-op source polled every 1 s", measure(meter, run));
        }
    }

    /** Poller CPU seconds per hour of measurement. */
    private static double measure(EnergyMeter meter, Duration run) throws InterruptedException {
        long pollerId = newestPoller().getId();
        MeasurementWindow window = meter.begin("overhead");
        Thread.sleep(WARM_UP.toMillis());
        long cpuStartNanos = THREADS.getThreadCpuTime(pollerId);
        long wallStartNanos = System.nanoTime();
        Thread.sleep(run.toMillis());
        long cpuNanos = THREADS.getThreadCpuTime(pollerId) - cpuStartNanos;
        double wallSeconds = (System.nanoTime() - wallStartNanos) / 1e9;
        window.stop();
        return cpuNanos / 1e9 * 3600 / wallSeconds;
    }

    private static void report(String what, double cpuSecondsPerHour) {
        System.out.printf(Locale.ROOT, "%s: %.3f s CPU per hour = %.4f %% of one core (goal < %.1f s = 0.05 %%)%n",
                what, cpuSecondsPerHour, cpuSecondsPerHour / 3600 * 100, GOAL_SECONDS_PER_HOUR);
    }

    private static Thread newestPoller() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("carbon-meter-poller-") && t.isAlive())
                .max((a, b) -> Long.compare(a.getId(), b.getId()))
                .orElseThrow(() -> new IllegalStateException("no carbon-meter-poller thread"));
    }

    /** A device that never changes, read every second. */
    private static final class ConstantSource implements EnergySource {
        @Override
        public DeviceId device() {
            return new DeviceId(DeviceKind.GPU, 0, "GPU-bench", "no-op");
        }

        @Override
        public MeasurementMethod method() {
            return MeasurementMethod.NVML_ENERGY_COUNTER;
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofSeconds(1);
        }

        @Override
        public double readCumulativeJoules(long monotonicNanos) {
            return 0;
        }

        @Override
        public void close() {}
    }
}
