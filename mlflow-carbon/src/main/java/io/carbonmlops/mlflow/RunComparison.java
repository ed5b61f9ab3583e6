package io.carbonmlops.mlflow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Runs side by side on CO2e against a quality metric, with the Pareto front marked: a run is Pareto-optimal when no
 * other run has both less or equal CO2e and an equal or better metric, with one of the two strictly better.
 */
public final class RunComparison {
    private RunComparison() {}

    /** One compared run. */
    public record Row(String runId, String runName, double co2eKg, double energyKwh, double metric, boolean paretoOptimal) {}

    /** The comparison, plus the runs left out because they lack CO2e or the metric. */
    public record Result(String metric, boolean higherIsBetter, List<Row> rows, List<String> skippedRuns) {}

    public static Result compare(List<RunSearch.RunRow> runs, String metric, boolean higherIsBetter) {
        String co2eKey = MetricKeys.total(MetricKeys.CO2E_KG);
        String energyKey = MetricKeys.total(MetricKeys.ENERGY_KWH);
        List<RunSearch.RunRow> usable = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (RunSearch.RunRow run : runs) {
            if (run.metrics().containsKey(co2eKey) && run.metrics().containsKey(metric)) {
                usable.add(run);
            } else {
                skipped.add(run.runName() + " (" + run.runId() + "): no " + (run.metrics().containsKey(co2eKey) ? metric : co2eKey));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (RunSearch.RunRow run : usable) {
            double co2e = run.metrics().get(co2eKey);
            double quality = run.metrics().get(metric);
            boolean dominated = usable.stream().anyMatch(other -> other != run
                    && dominates(other.metrics().get(co2eKey), other.metrics().get(metric), co2e, quality, higherIsBetter));
            rows.add(new Row(run.runId(), run.runName(), co2e, run.metrics().getOrDefault(energyKey, Double.NaN), quality,
                    !dominated));
        }
        rows.sort(Comparator.comparingDouble(Row::co2eKg));
        return new Result(metric, higherIsBetter, rows, skipped);
    }

    private static boolean dominates(double co2eA, double qualityA, double co2eB, double qualityB, boolean higherIsBetter) {
        boolean qualityNoWorse = higherIsBetter ? qualityA >= qualityB : qualityA <= qualityB;
        boolean qualityBetter = higherIsBetter ? qualityA > qualityB : qualityA < qualityB;
        return co2eA <= co2eB && qualityNoWorse && (co2eA < co2eB || qualityBetter);
    }

    public static String csv(Result result) {
        StringBuilder csv = new StringBuilder("run_id,run_name,co2e_kg,energy_kwh," + csvField(result.metric()) + ",pareto_optimal\n");
        for (Row row : result.rows()) {
            csv.append(csvField(row.runId())).append(',').append(csvField(row.runName())).append(',')
                    .append(row.co2eKg()).append(',').append(row.energyKwh()).append(',').append(row.metric()).append(',')
                    .append(row.paretoOptimal()).append('\n');
        }
        return csv.toString();
    }

    public static String html(Result result, String experimentName) {
        List<SvgCharts.Dot> dots = result.rows().stream()
                .map(r -> new SvgCharts.Dot(r.runName(), r.co2eKg(), r.metric(), r.paretoOptimal())).toList();
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append("Carbon vs ").append(Html.escape(result.metric())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px}tr.pareto{font-weight:bold}</style></head><body>\n")
                .append("<h1>").append(Html.escape(result.metric())).append(" against CO2e, experiment ")
                .append(Html.escape(experimentName)).append("</h1>\n<p>Filled points are Pareto-optimal (")
                .append(result.higherIsBetter() ? "higher" : "lower").append(" ").append(Html.escape(result.metric()))
                .append(" is better; less CO2e is better).</p>\n")
                .append(SvgCharts.scatter(dots, "CO2e (kg)", result.metric())).append('\n')
                .append("<table id=\"runs\"><tr><th>run</th><th>CO2e (kg)</th><th>energy (kWh)</th><th>")
                .append(Html.escape(result.metric())).append("</th><th>Pareto-optimal</th></tr>\n");
        for (Row row : result.rows()) {
            html.append("<tr").append(row.paretoOptimal() ? " class=\"pareto\"" : "").append("><td>")
                    .append(Html.escape(row.runName())).append("</td><td>").append(fmt(row.co2eKg())).append("</td><td>")
                    .append(fmt(row.energyKwh())).append("</td><td>").append(fmt(row.metric())).append("</td><td>")
                    .append(row.paretoOptimal() ? "yes" : "").append("</td></tr>\n");
        }
        return html.append("</table>\n</body></html>\n").toString();
    }

    public static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
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
