package io.carbonmlops.cli;

import io.carbonmlops.meter.report.Figures;
import io.carbonmlops.mlflow.CarbonRunLogger;
import io.carbonmlops.mlflow.MetricKeys;
import io.carbonmlops.mlflow.RunComparison;
import io.carbonmlops.mlflow.RunSearch;
import io.carbonmlops.mlflow.client.MlflowApiException;
import io.carbonmlops.mlflow.client.MlflowException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code carbon compare}: runs of an experiment on CO2e against a quality metric, Pareto front marked. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Compare an experiment's runs on CO2e against a quality metric and mark the Pareto-optimal ones.",
        description = {
            "Reads the runs of --experiment from MLFLOW_TRACKING_URI, prints run, status, CO2e, energy and --metric, "
                    + "marks runs no other run beats on both CO2e and the metric with '*', and writes a CSV and an "
                    + "HTML scatter plot (quality against CO2e, inline SVG). Only FINISHED runs are compared unless "
                    + "--include-unfinished is given; the runs left out are named. When no run can be compared, "
                    + "nothing is written.",
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

    @Option(names = "--include-unfinished",
            description = "Also compare RUNNING, FAILED and KILLED runs (default: FINISHED runs only).")
    boolean includeUnfinished;

    @Option(names = "--carbon", paramLabel = "FIGURE", defaultValue = "training",
            description = "The carbon figure to compare on: training (carbon/co2e_kg of the run) or inference "
                    + "(carbon/inference_g_per_1k: CO2e per 1,000 predictions, from carbon measure --predictions); "
                    + "default: ${DEFAULT-VALUE}.")
    String carbon;

    @Option(names = "--csv", paramLabel = "FILE", defaultValue = "carbon-compare.csv",
            description = "CSV output (default: ${DEFAULT-VALUE}).")
    Path csvFile;

    @Option(names = "--html", paramLabel = "FILE", defaultValue = "carbon-compare.html",
            description = "HTML scatter plot output (default: ${DEFAULT-VALUE}).")
    Path htmlFile;

    private static final String SHIFT_SAVED = MetricKeys.total(MetricKeys.SHIFT_SAVED_KG);

    private final CliEnvironment environment;

    public CompareCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        RunComparison.Result result;
        List<RunSearch.RunRow> shifted;
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
            List<RunSearch.RunRow> runs = search.runs(experimentId);
            result = RunComparison.compare(runs, metric, higherIsBetter, includeUnfinished, basis());
            shifted = runs.stream().filter(r -> r.metrics().containsKey(SHIFT_SAVED)).toList();
        } catch (MlflowException e) {
            throw new CarbonException(ExitCodes.FAILURE, e.getMessage(), e);
        }
        if (!result.metricKeys().contains(metric)) {
            throw new CarbonException(ExitCodes.FAILURE, "no run of experiment '" + experiment + "' has the metric '"
                    + metric + "'; its runs have: " + (result.metricKeys().isEmpty() ? "no metrics"
                    : String.join(", ", result.metricKeys())) + " (nothing written)");
        }
        printTable(result, out);
        if (result.rows().isEmpty()) {
            out.printf("no run could be compared, so %s and %s were left as they were%n", csvFile, htmlFile);
            return ExitCodes.FAILURE;
        }
        if (!shifted.isEmpty()) { // runs started by 'carbon wait': what waiting saved, measured after the fact
            double saved = shifted.stream().mapToDouble(r -> r.metrics().get(SHIFT_SAVED)).sum();
            out.printf(Locale.ROOT, "carbon-aware shifts: %d run(s) saved %s against starting at once (%s)%n",
                    shifted.size(), Figures.co2e(saved), SHIFT_SAVED);
        }
        Files.writeString(csvFile, RunComparison.csv(result), StandardCharsets.UTF_8);
        Files.writeString(htmlFile, RunComparison.html(result, experiment), StandardCharsets.UTF_8);
        out.printf("wrote %s and %s%n", csvFile, htmlFile);
        return ExitCodes.OK;
    }

    private RunComparison.Basis basis() {
        return switch (carbon.strip().toLowerCase(Locale.ROOT)) {
            case "training" -> RunComparison.Basis.TRAINING;
            case "inference" -> RunComparison.Basis.INFERENCE;
            default -> throw new ParameterException(spec.commandLine(), "--carbon must be training or inference, was '"
                    + carbon + "'");
        };
    }

    private void printTable(RunComparison.Result result, PrintWriter out) {
        String unit = RunComparison.co2eUnit(result);
        String format = "%-2s %-32s %-9s %-16s %-12s %-14s%n";
        String column = result.basis() == RunComparison.Basis.INFERENCE ? "co2e/1k pred (" + unit + ")"
                : "co2e (" + unit + ")";
        out.printf(Locale.ROOT, format, "", "run", "status", column, "energy", metric);
        for (RunComparison.Row row : result.rows()) {
            out.printf(Locale.ROOT, format, row.paretoOptimal() ? "*" : "", row.runName(), row.status(),
                    RunComparison.co2eIn(row, unit), RunComparison.energy(row), RunComparison.fmt(row.metric()));
        }
        out.printf("* Pareto-optimal (%s %s is better, less %s is better)%n", higherIsBetter ? "higher" : "lower", metric,
                result.basis().label());
        if (!result.skippedRuns().isEmpty()) {
            out.printf("not compared, %d run(s):%n", result.skippedRuns().size());
            result.skippedRuns().forEach(skipped -> out.println("  " + skipped));
        }
    }
}
