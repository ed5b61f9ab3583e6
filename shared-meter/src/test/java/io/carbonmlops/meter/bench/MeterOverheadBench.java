package io.carbonmlops.meter.bench;

import io.carbonmlops.meter.DeviceStatus;
import io.carbonmlops.meter.EnergyMeter;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementWindow;
import io.carbonmlops.meter.MeterConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Locale;

/**
 * Meter overhead: CPU time the poller thread spends per hour of measurement, at default settings, with the real
 * sources of this machine (NVML, RAPL or the estimates). Holds one window open for the run, reads the poller's
 * CPU time with {@link ThreadMXBean} after a warm-up and at the end, and extrapolates to one hour.
 *
 * <p>Run: {@code mvn -q -o -pl shared-meter test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.carbonmlops.meter.bench.MeterOverheadBench -Dcarbon.bench.seconds=60} (not
 * {@code -Dexec.args}, which would also replace the arguments of the build's fake-NVML compile step).
 * Goal: under 0.05 % of one core, i.e. 1.8 s of CPU per hour.
 */
public final class MeterOverheadBench {
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final double GOAL_SECONDS_PER_HOUR = 1.8;

    private MeterOverheadBench() {}

    public static void main(String[] args) throws Exception {
        Duration run = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : Long.getLong("carbon.bench.seconds", 60));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure per-thread CPU time");
        }
        threads.setThreadCpuTimeEnabled(true);
        try (EnergyMeter meter = EnergyMeter.open(MeterConfig.defaults())) {
            for (DeviceStatus status : meter.devices()) {
                System.out.println("device  " + status.device().describe() + ": " + status.method().label());
            }
            long pollerId = pollerThread().getId();
            MeasurementWindow window = meter.begin("overhead");
            Thread.sleep(WARM_UP.toMillis());
            long cpuAfterWarmUpNanos = threads.getThreadCpuTime(pollerId);
            long wallStartNanos = System.nanoTime();
            Thread.sleep(run.toMillis());
            long cpuNanos = threads.getThreadCpuTime(pollerId) - cpuAfterWarmUpNanos;
            double wallSeconds = (System.nanoTime() - wallStartNanos) / 1e9;
            Measurement measurement = window.stop();

            double cpuSecondsPerHour = cpuNanos / 1e9 * 3600 / wallSeconds;
            System.out.printf(Locale.ROOT, "run %.1f s after %d s warm-up; poller CPU %.3f ms (%.1f us per wall second)%n",
                    wallSeconds, WARM_UP.toSeconds(), cpuNanos / 1e6, cpuNanos / 1e3 / wallSeconds);
            System.out.printf(Locale.ROOT, "overhead: %.3f s CPU per hour = %.4f %% of one core (goal < %.1f s = 0.05 %%)%n",
                    cpuSecondsPerHour, cpuSecondsPerHour / 3600 * 100, GOAL_SECONDS_PER_HOUR);
            System.out.printf(Locale.ROOT, "window energy %.1f J over %.1f s, %d warnings%n",
                    measurement.totalEnergyJoules(), measurement.durationSeconds(), measurement.warnings().size());
        }
    }

    private static Thread pollerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("carbon-meter-poller-"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no carbon-meter-poller thread"));
    }
}
