package io.carbonmlops.cli;

import io.carbonmlops.mlflow.CarbonRunLogger;
import io.carbonmlops.mlflow.client.MlflowConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code carbon mlflow flush}: deliver spooled records. */
@Command(name = "mlflow",
        mixinStandardHelpOptions = true,
        header = "MLflow logging: deliver spooled records.",
        subcommands = {MlflowCommand.Flush.class})
public final class MlflowCommand extends CommandGroup {
    /** How long an explicit flush waits for one another process is running (a Jenkins step, another user's). */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(60);

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
            description = "Each record is delivered at most once into its run: a replay adds nothing. Only records "
                    + "for this MLFLOW_TRACKING_URI and these credentials (the same user, or the same token, that "
                    + "spooled them) are delivered; the others stay. Waits up to 60 s for another flush to finish. "
                    + "Exit 1 when records it should deliver remain.")
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
                CarbonRunLogger.FlushReport report = logger.flush(LOCK_WAIT);
                out.printf("delivered %d, remaining %d in %s%n", report.delivered(), report.remaining(),
                        logger.spool().directory());
                if (report.otherServers() > 0) {
                    out.printf("%d record(s) are for another MLflow server: flush them with that %s%n",
                            report.otherServers(), MlflowConfig.TRACKING_URI);
                }
                if (report.otherCredentials() > 0) {
                    out.printf("%d record(s) were spooled with other credentials (%s is %s here): flush them as the "
                                    + "user, or with the token, that spooled them%n", report.otherCredentials(),
                            "auth", logger.client().config().credentials().describe());
                }
                report.errors().forEach(e -> spec.commandLine().getErr().println("carbon: " + e));
                return report.busy() || report.undelivered() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
            }
        }
    }
}
