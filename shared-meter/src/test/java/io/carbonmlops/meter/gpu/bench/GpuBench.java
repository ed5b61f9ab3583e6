package io.carbonmlops.meter.gpu.bench;

import io.carbonmlops.meter.EnergySource;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.MeterConfig;
import io.carbonmlops.meter.SourceDiscovery;
import io.carbonmlops.meter.gpu.NvmlDiscovery;
import io.carbonmlops.meter.gpu.NvmlLibrary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * GPU benchmarks against the fake libnvidia-ml.so.1, all in one run so the figures compare side by side:
 * <ol>
 *   <li>accuracy of the energy counter and of power sampling at 100 ms, 1 s, 10 s and 15 s on known power
 *       profiles, through the real binding, over simulated time (the fake's clock follows the meter clock), for
 *       40 window starts drawn at random (fixed seed, the same for every method); each spiky profile also as
 *       an A100/H100 sensor reports it (each reading the mean of the last 1 s, of which the sensor saw only
 *       25 ms in every 100 ms), which only the sampling methods see: the counter integrates all energy;</li>
 *   <li>the cost of one NVML read through JNA (JMH), with a {@code System.nanoTime()} baseline.</li>
 * </ol>
 * Run: {@code mvn -pl shared-meter test-compile exec:exec@gpu-bench}; {@code -Dgpu.bench.args=--no-jmh} runs the
 * accuracy part only.
 */
public final class GpuBench {
    private static final int PHASES = 40;
    /** Window starts are drawn uniformly from [5 s, 5 s + this), two periods of the slowest profile. */
    private static final double START_SPREAD_SECONDS = 62;
    private static final long SEED = 20261130L;

    /**
     * A fake power profile: {@code baseWatts}, plus {@code spikeWatts} for {@code onMs} of every {@code periodMs};
     * {@code sensor} is how power readings see it ("" instantaneous, else fake_nvml.c options).
     */
    record Profile(String name, double baseWatts, double spikeWatts, double onMs, double periodMs, String sensor) {
        /** Readings averaged over 1 s, the sensor seeing 25 ms of every 100 ms: A100/H100 per nvml.md. */
        static final String AVERAGED_PARTLY_SEEN = ",power_avg_ms=1000,power_seen=25/100";

        Profile(String name, double baseWatts, double spikeWatts, double onMs, double periodMs) {
            this(name, baseWatts, spikeWatts, onMs, periodMs, "");
        }

        Profile averagedAndPartlySeen() {
            return new Profile(name + ", read as an H100 reports it (1 s mean, 25 ms in 100 ms seen)", baseWatts,
                    spikeWatts, onMs, periodMs, AVERAGED_PARTLY_SEEN);
        }

        String scenario(boolean counter) {
            String spike = spikeWatts > 0 ? String.format(Locale.ROOT, ",spike=%s/%s/%s", spikeWatts, onMs, periodMs) : "";
            // Real counters move in ~100 ms steps (ML.ENERGY's observation); so does the fake's here.
            return "watts=" + baseWatts + spike + sensor + (counter ? ",counter_step_ms=100" : ",energy=no");
        }

        /** Exact energy in joules over [0, seconds]. */
        double energyJoules(double seconds) {
            double ms = seconds * 1e3;
            double joules = baseWatts * seconds;
            if (spikeWatts > 0) {
                long periods = (long) (ms / periodMs);
                double onTotalMs = periods * onMs + Math.min(ms - periods * periodMs, onMs);
                joules += (spikeWatts - baseWatts) * onTotalMs / 1e3;
            }
            return joules;
        }
    }

    /** The meter clock, driving the fake library's clock in step. */
    static final class SimulatedClock implements MeterClock {
        private final FakeNvmlControl control;
        private long nanos;

        SimulatedClock(FakeNvmlControl control) {
            this.control = control;
        }

        void set(long newNanos) {
            nanos = newNanos;
            control.fakeNvmlSetClockMillis(nanos / 1e6);
        }

        @Override
        public Instant wallTime() {
            return Instant.EPOCH.plusNanos(nanos);
        }

        @Override
        public long monotonicNanos() {
            return nanos;
        }
    }

    private GpuBench() {}

    public static void main(String[] args) throws Exception {
        Path library = FakeNvmlControl.libraryPath();
        FakeNvmlControl control = FakeNvmlControl.load(library);
        System.out.println("# GPU energy accuracy on fake profiles (error of measured vs exact energy, "
                + PHASES + " window start phases)");
        System.out.println("| profile | window | method | mean abs error | max abs error |");
        System.out.println("|---|---|---|---|---|");
        Profile steps = new Profile("training steps: 90 W, 700 W for 0.4 s every 2.3 s", 90, 700, 400, 2300);
        Profile bursts = new Profile("eval bursts: 120 W, 650 W for 6.5 s every 31 s", 120, 650, 6500, 31000);
        // A duty cycle in step with the sensor's 100 ms period: it sees only the 300 W part (Yang et al.'s worst case).
        Profile inStep = new Profile("kernels in step with the sensor: 100 W, 300 W for the first 50 ms of every 100 ms",
                100, 300, 50, 100);
        List<Profile> profiles = List.of(new Profile("steady 300 W", 300, 0, 0, 1), steps, bursts,
                steps.averagedAndPartlySeen(), bursts.averagedAndPartlySeen(), inStep.averagedAndPartlySeen());
        for (Profile profile : profiles) {
            for (int windowSeconds : new int[] {60, 600}) {
                accuracyRow(control, library, profile, windowSeconds, "energy counter (read every 1 s)", true, 1000);
                for (int intervalMs : new int[] {100, 1000, 10000, 15000}) {
                    accuracyRow(control, library, profile, windowSeconds,
                            "power sampling every " + label(intervalMs), false, intervalMs);
                }
            }
        }
        if (!List.of(args).contains("--no-jmh")) {
            readCost(library);
        }
    }

    private static String label(int ms) {
        return ms < 1000 ? ms + " ms" : ms / 1000 + " s";
    }

    private static void accuracyRow(FakeNvmlControl control, Path library, Profile profile, int windowSeconds,
            String method, boolean counter, int intervalMs) throws Exception {
        double sumAbs = 0;
        double maxAbs = 0;
        Random starts = new Random(SEED); // the same starts for every method: a side-by-side comparison
        for (int phase = 0; phase < PHASES; phase++) {
            double startSeconds = 5 + Math.round(starts.nextDouble() * START_SPREAD_SECONDS * 1e3) / 1e3;
            double measured = measure(control, library, profile.scenario(counter), startSeconds, windowSeconds, intervalMs);
            double exact = profile.energyJoules(startSeconds + windowSeconds) - profile.energyJoules(startSeconds);
            double error = Math.abs(measured - exact) / exact;
            sumAbs += error;
            maxAbs = Math.max(maxAbs, error);
        }
        System.out.printf(Locale.ROOT, "| %s | %d s | %s | %.2f %% | %.2f %% |%n", profile.name(), windowSeconds, method,
                100 * sumAbs / PHASES, 100 * maxAbs);
    }

    /** One window through the real binding: poll at the interval, read once more at the window's end. */
    private static double measure(FakeNvmlControl control, Path library, String scenario, double startSeconds,
            int windowSeconds, int intervalMs) throws Exception {
        control.configureOrFail(scenario);
        SimulatedClock clock = new SimulatedClock(control);
        long startNanos = Math.round(startSeconds * 1e9);
        long endNanos = startNanos + windowSeconds * 1_000_000_000L;
        clock.set(startNanos);
        MeterConfig config = MeterConfig.defaults().withSamplingInterval(Duration.ofMillis(intervalMs));
        SourceDiscovery discovery = NvmlDiscovery.discover(config,
                Map.of(NvmlLibrary.LIBRARY_ENV, library.toString()), clock);
        if (discovery.sources().size() != 1) {
            throw new IllegalStateException("expected one fake GPU, got " + discovery.statuses());
        }
        try (EnergySource source = discovery.sources().get(0)) {
            long stepNanos = intervalMs * 1_000_000L;
            for (long t = startNanos + stepNanos; t < endNanos; t += stepNanos) {
                clock.set(t);
                source.readCumulativeJoules(t);
            }
            clock.set(endNanos);
            return source.readCumulativeJoules(endNanos);
        }
    }

    private static void readCost(Path library) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(NvmlReadBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Dfake.nvml.library=" + library)
                .build()).run();
        List<String> rows = new ArrayList<>();
        double baseline = Double.NaN;
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            double score = result.getPrimaryResult().getScore();
            if (name.equals("nanoTimeBaseline")) {
                baseline = score;
            }
            rows.add(name + "\t" + score + "\t" + result.getPrimaryResult().getScoreError());
        }
        System.out.println();
        System.out.println("# Cost of one NVML read through JNA against the fake library (JMH, average time)");
        System.out.println("| benchmark | ns/op | ± (99.9 %) | x System.nanoTime() |");
        System.out.println("|---|---|---|---|");
        for (String row : rows) {
            String[] cells = row.split("\t");
            double score = Double.parseDouble(cells[1]);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", cells[0], score,
                    Double.parseDouble(cells[2]), score / baseline);
        }
    }
}
