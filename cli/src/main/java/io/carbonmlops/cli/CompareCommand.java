package io.carbonmlops.cli;

import io.carbonmlops.mlflow.CarbonRunLogger;
import io.carbonmlops.mlflow.RunComparison;
import io.carbonmlops.mlflow.RunSearch;
import io.carbonmlops.mlflow.client.MlflowApiException;
import io.carbonmlops.mlflow.client.MlflowException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code carbon compare}: runs of an experiment on CO2e against a quality metric, Pareto front marked. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Compare an experiment's runs on CO2e against a quality metric and mark the Pareto-optimal ones.",
        description = {
            "Reads the runs of --experiment from MLFLOW_TRACKING_URI, prints run, CO2e, energy and --metric, marks "
                    + "runs no other run beats on both CO2e and the metric with '*', and writes a CSV and an HTML "
                    + "scatter plot (quality against CO2e, inline SVG).",
            "",
            "Example: carbon compare --experiment mnist --metric accuracy --higher-is-better",
        })
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--experiment", required = true, paramLabel = "NAME", description = "MLflow experiment name.")
    String experiment;

    @Option(names = "--metric", required = true, paramLabel = "KEY", description = "Quality metric key, e.g. accuracy.")
    String metric;

    @Option(names = "--higher-is-better", description = "The metric improves upwards (accuracy); default: lower is better (loss).")
    boolean higherIsBetter;

    @Option(names = "--csv", paramLabel = "FILE", defaultValue = "carbon-compare.csv",
            description = "CSV output (default: ${DEFAULT-VALUE}).")
    Path csvFile;

    @Option(names = "--html", paramLabel = "FILE", defaultValue = "carbon-compare.html",
            description = "HTML scatter plot output (default: ${DEFAULT-VALUE}).")
    Path htmlFile;

    private final CliEnvironment environment;

    public CompareCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        RunComparison.Result result;
        try (CarbonRunLogger logger = MlflowCommand.logger(environment)) {
            RunSearch search = new RunSearch(logger.client());
            String experimentId;
            try {
                experimentId = search.experimentId(experiment);
            } catch (MlflowApiException e) {
                if (e.isNotFound()) {
                    throw new CarbonException(ExitCodes.FAILURE, "no experiment named '" + experiment + "' on "
                            + logger.client().config().trackingUri());
                }
                throw e;
            }
            result = RunComparison.compare(search.runs(experimentId), metric, higherIsBetter);
        } catch (MlflowException e) {
            throw new CarbonException(ExitCodes.FAILURE, e.getMessage(), e);
        }
        out.printf(Locale.ROOT, "%-2s %-32s %-14s %-14s %-14s%n", "", "run", "co2e_kg", "energy_kwh", metric);
        for (RunComparison.Row row : result.rows()) {
            out.printf(Locale.ROOT, "%-2s %-32s %-14s %-14s %-14s%n", row.paretoOptimal() ? "*" : "", row.runName(),
                    RunComparison.fmt(row.co2eKg()), RunComparison.fmt(row.energyKwh()), RunComparison.fmt(row.metric()));
        }
        out.printf("* Pareto-optimal (%s %s is better, less CO2e is better)%n", higherIsBetter ? "higher" : "lower", metric);
        if (!result.skippedRuns().isEmpty()) {
            out.printf("skipped %d run(s) without carbon/co2e_kg or %s%n", result.skippedRuns().size(), metric);
        }
        Files.writeString(csvFile, RunComparison.csv(result), StandardCharsets.UTF_8);
        Files.writeString(htmlFile, RunComparison.html(result, experiment), StandardCharsets.UTF_8);
        out.printf("wrote %s and %s%n", csvFile, htmlFile);
        return result.rows().isEmpty() ? ExitCodes.FAILURE : ExitCodes.OK;
    }
}
