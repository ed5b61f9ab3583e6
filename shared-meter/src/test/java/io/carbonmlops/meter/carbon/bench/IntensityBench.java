package io.carbonmlops.meter.carbon.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link IntensityBenchmark}: every benchmark in one run, so the figures compare as ratios:
 * <pre>
 * mvn -q -o -pl shared-meter test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath io.carbonmlops.meter.carbon.bench.IntensityBench"
 * </pre>
 */
public final class IntensityBench {
    private IntensityBench() {}

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(IntensityBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .build();
        new Runner(options).run();
    }
}
