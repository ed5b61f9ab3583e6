package io.carbonmlops.cli;

import io.carbonmlops.mlflow.CarbonRunLogger;
import io.carbonmlops.mlflow.LoggingBenchmark;
import io.carbonmlops.mlflow.MetricPoint;
import io.carbonmlops.mlflow.MlflowConfig;
import io.carbonmlops.mlflow.MlflowException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code carbon mlflow flush|bench}: deliver spooled records; measure batched against per-point logging. */
@Command(name = "mlflow",
        mixinStandardHelpOptions = true,
        header = "MLflow logging: deliver spooled records, benchmark logging.",
        subcommands = {MlflowCommand.Flush.class, MlflowCommand.Bench.class})
public final class MlflowCommand extends CommandGroup {

    static CarbonRunLogger logger(CliEnvironment environment) {
        try {
            return CarbonRunLogger.fromEnvironment(environment.env());
        } catch (IllegalArgumentException e) {
            throw new CarbonException(ExitCodes.USAGE, e.getMessage());
        }
    }

    /** {@code carbon mlflow flush}. */
    @Command(name = "flush", mixinStandardHelpOptions = true,
            header = "Deliver the records spooled while MLflow was unreachable (CARBON_SPOOL_DIR, default ~/.carbon/spool).",
            description = "Each record is delivered at most once into its run: a replay adds nothing. Records for "
                    + "another MLFLOW_TRACKING_URI are left in the spool. Exit 1 when records remain.")
    static final class Flush implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        private final CliEnvironment environment;

        Flush(CliEnvironment environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (CarbonRunLogger logger = logger(environment)) {
                CarbonRunLogger.FlushReport report = logger.flush();
                out.printf("delivered %d, remaining %d in %s%n", report.delivered(), report.remaining(),
                        logger.spool().directory());
                if (report.otherServers() > 0) {
                    out.printf("%d record(s) are for another MLflow server: flush them with that %s%n",
                            report.otherServers(), MlflowConfig.TRACKING_URI);
                }
                report.errors().forEach(e -> spec.commandLine().getErr().println("carbon: " + e));
                return report.remaining() - report.otherServers() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
            }
        }
    }

    /** {@code carbon mlflow bench}. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            header = "Log a GPU power history batched and one call per point; print requests and wall time.",
            description = "Writes two runs into experiment --experiment on MLFLOW_TRACKING_URI (use a scratch server).")
    static final class Bench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--gpus", defaultValue = "8", description = "GPUs (default: ${DEFAULT-VALUE}).")
        int gpus;

        @Option(names = "--seconds", defaultValue = "3600", description = "Seconds of 1 Hz history (default: ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--experiment", defaultValue = "carbon-bench", description = "Experiment (default: ${DEFAULT-VALUE}).")
        String experiment;

        private final CliEnvironment environment;

        Bench(CliEnvironment environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (CarbonRunLogger logger = logger(environment)) {
                String experimentId = logger.experimentIdFor(experiment);
                List<MetricPoint> points = LoggingBenchmark.powerHistory(gpus, seconds,
                        environment.clock().wallTime().toEpochMilli());
                LoggingBenchmark bench = new LoggingBenchmark(logger);
                LoggingBenchmark.Figures batched = bench.batched(experimentId, points);
                LoggingBenchmark.Figures single = bench.onePerPoint(experimentId, points);
                out.printf(Locale.ROOT, "%-40s %8s %10s %10s %12s%n", "mode", "points", "requests", "seconds", "points/s");
                for (LoggingBenchmark.Figures f : List.of(batched, single)) {
                    out.printf(Locale.ROOT, "%-40s %8d %10d %10.2f %12.0f%n", f.mode(), f.points(), f.requests(),
                            f.seconds(), f.pointsPerSecond());
                }
                out.printf(Locale.ROOT, "batched: %.0fx fewer requests, %.1fx faster%n",
                        (double) single.requests() / batched.requests(), single.seconds() / batched.seconds());
                return ExitCodes.OK;
            } catch (MlflowException e) {
                throw new CarbonException(ExitCodes.FAILURE, e.getMessage(), e);
            }
        }
    }
}
