package io.carbonmlops.mlflow;

import io.carbonmlops.meter.report.Figures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Runs side by side on CO2e against a quality metric, with the Pareto front marked: a run is Pareto-optimal when no
 * other run has both less or equal CO2e and an equal or better metric, with one of the two strictly better. Only
 * FINISHED runs compete unless asked otherwise: a failed or killed run's metric says nothing about its recipe.
 */
public final class RunComparison {
    /** The status a run must have to be compared by default. */
    public static final String FINISHED = "FINISHED";

    private RunComparison() {}

    /** Which carbon figure runs are compared on. */
    public enum Basis {
        /** {@code carbon/co2e_kg}: what producing the model (training, tuning, evaluation) emitted. */
        TRAINING(MetricKeys.total(MetricKeys.CO2E_KG), 1.0, "CO2e", "co2e_kg"),
        /** {@code carbon/inference_g_per_1k}: what serving it emits per 1,000 predictions. */
        INFERENCE(MetricKeys.total(MetricKeys.INFERENCE_G_PER_1K), 1e-3, "CO2e per 1,000 predictions",
                "co2e_kg_per_1k_predictions");

        private final String metricKey;
        private final double kgPerUnit;
        private final String label;
        private final String csvColumn;

        Basis(String metricKey, double kgPerUnit, String label, String csvColumn) {
            this.metricKey = metricKey;
            this.kgPerUnit = kgPerUnit;
            this.label = label;
            this.csvColumn = csvColumn;
        }

        public String metricKey() {
            return metricKey;
        }

        /** "CO2e" or "CO2e per 1,000 predictions". */
        public String label() {
            return label;
        }
    }

    /** One compared run; {@code co2eKg} is the compared figure in kg (per 1,000 predictions for INFERENCE). */
    public record Row(String runId, String runName, String status, double co2eKg, double energyKwh, double metric,
            boolean paretoOptimal) {}

    /**
     * The comparison, the runs left out (each "name (id): why"), and every metric key the runs have, so that a
     * mistyped {@code --metric} can be answered with the keys that exist.
     */
    public record Result(String metric, boolean higherIsBetter, List<Row> rows, List<String> skippedRuns,
            SortedSet<String> metricKeys, Basis basis) {}

    public static Result compare(List<RunSearch.RunRow> runs, String metric, boolean higherIsBetter) {
        return compare(runs, metric, higherIsBetter, false);
    }

    /** @param includeUnfinished compare RUNNING, FAILED and KILLED runs too */
    public static Result compare(List<RunSearch.RunRow> runs, String metric, boolean higherIsBetter,
            boolean includeUnfinished) {
        return compare(runs, metric, higherIsBetter, includeUnfinished, Basis.TRAINING);
    }

    /**
     * @param basis the carbon figure compared: training CO2e, or inference CO2e per 1,000 predictions (runs without
     *              that metric are left out and named)
     */
    public static Result compare(List<RunSearch.RunRow> runs, String metric, boolean higherIsBetter,
            boolean includeUnfinished, Basis basis) {
        String co2eKey = basis.metricKey();
        String energyKey = MetricKeys.total(MetricKeys.ENERGY_KWH);
        List<RunSearch.RunRow> usable = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        SortedSet<String> metricKeys = new TreeSet<>();
        for (RunSearch.RunRow run : runs) {
            metricKeys.addAll(run.metrics().keySet());
            String who = run.runName() + " (" + run.runId() + "): ";
            if (!includeUnfinished && !FINISHED.equals(run.status())) {
                skipped.add(who + (run.status().isEmpty() ? "no status" : run.status()) + ", not " + FINISHED);
            } else if (run.metrics().containsKey(co2eKey) && run.metrics().containsKey(metric)) {
                usable.add(run);
            } else {
                skipped.add(who + "no " + (run.metrics().containsKey(co2eKey) ? metric : co2eKey));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (RunSearch.RunRow run : usable) {
            double co2e = run.metrics().get(co2eKey) * basis.kgPerUnit;
            double quality = run.metrics().get(metric);
            boolean dominated = usable.stream().anyMatch(other -> other != run
                    && dominates(other.metrics().get(co2eKey) * basis.kgPerUnit, other.metrics().get(metric), co2e,
                            quality, higherIsBetter));
            rows.add(new Row(run.runId(), run.runName(), run.status(), co2e,
                    run.metrics().getOrDefault(energyKey, Double.NaN), quality, !dominated));
        }
        rows.sort(Comparator.comparingDouble(Row::co2eKg));
        return new Result(metric, higherIsBetter, rows, skipped, metricKeys, basis);
    }

    /** The unit the CO2e column and axis read best in, from the largest figure ("mg", "g", "kg" or "t"). */
    public static String co2eUnit(Result result) {
        return Figures.massUnit(result.rows().stream().mapToDouble(Row::co2eKg).max().orElse(1));
    }

    /** A run's CO2e in {@link #co2eUnit}, three significant digits. */
    public static String co2eIn(Row row, String unit) {
        return Figures.number(Figures.inMassUnit(row.co2eKg(), unit), Figures.DIGITS);
    }

    private static boolean dominates(double co2eA, double qualityA, double co2eB, double qualityB, boolean higherIsBetter) {
        boolean qualityNoWorse = higherIsBetter ? qualityA >= qualityB : qualityA <= qualityB;
        boolean qualityBetter = higherIsBetter ? qualityA > qualityB : qualityA < qualityB;
        return co2eA <= co2eB && qualityNoWorse && (co2eA < co2eB || qualityBetter);
    }

    public static String csv(Result result) {
        StringBuilder csv = new StringBuilder("run_id,run_name,status," + result.basis().csvColumn + ",energy_kwh,"
                + csvField(result.metric())
                + ",pareto_optimal\n");
        for (Row row : result.rows()) {
            csv.append(csvField(row.runId())).append(',').append(csvField(row.runName())).append(',')
                    .append(csvField(row.status())).append(',').append(row.co2eKg()).append(',').append(row.energyKwh()).append(',').append(row.metric()).append(',')
                    .append(row.paretoOptimal()).append('\n');
        }
        return csv.toString();
    }

    public static String html(Result result, String experimentName) {
        String unit = co2eUnit(result);
        List<SvgCharts.Dot> dots = result.rows().stream().map(r -> new SvgCharts.Dot(r.runName(),
                Figures.inMassUnit(r.co2eKg(), unit), r.metric(), r.paretoOptimal())).toList();
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append("Carbon vs ").append(Html.escape(result.metric())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px}tr.pareto{font-weight:bold}</style></head><body>\n")
                .append("<h1>").append(Html.escape(result.metric())).append(" against CO2e, experiment ")
                .append(Html.escape(experimentName)).append("</h1>\n<p>Filled points are Pareto-optimal (")
                .append(result.higherIsBetter() ? "higher" : "lower").append(" ").append(Html.escape(result.metric()))
                .append(" is better; less ").append(result.basis().label()).append(" is better).</p>\n")
                .append(SvgCharts.scatter(dots, result.basis().label() + " (" + unit + ")", result.metric()))
                .append('\n')
                .append("<table id=\"runs\"><tr><th>run</th><th>status</th><th>").append(result.basis().label())
                .append(" (").append(unit)
                .append(")</th><th>energy</th><th>").append(Html.escape(result.metric()))
                .append("</th><th>Pareto-optimal</th></tr>\n");
        for (Row row : result.rows()) {
            html.append("<tr").append(row.paretoOptimal() ? " class=\"pareto\"" : "").append("><td>")
                    .append(Html.escape(row.runName())).append("</td><td>").append(Html.escape(row.status()))
                    .append("</td><td>").append(co2eIn(row, unit)).append("</td><td>").append(energy(row))
                    .append("</td><td>").append(fmt(row.metric())).append("</td><td>")
                    .append(row.paretoOptimal() ? "yes" : "").append("</td></tr>\n");
        }
        if (!result.skippedRuns().isEmpty()) {
            html.append("<h2>Not compared</h2>\n<ul id=\"skipped\">\n");
            result.skippedRuns().forEach(s -> html.append("<li>").append(Html.escape(s)).append("</li>\n"));
            html.append("</ul>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    /** A run's energy with its unit; "n/a" when the run has no energy metric. */
    public static String energy(Row row) {
        return Double.isNaN(row.energyKwh()) ? "n/a" : Figures.energyKwh(row.energyKwh());
    }

    /** A quality metric's value: six significant digits, as the metric's own scale is unknown. */
    public static String fmt(double v) {
        return Figures.number(v, 6);
    }

    /**
     * RFC 4180 quoting, and a leading {@code '} before {@code = + - @} or a tab, so a run name cannot become a
     * spreadsheet formula when the CSV is opened (OWASP "CSV injection").
     */
    static String csvField(String s) {
        String safe = !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        boolean quote = safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r");
        return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
