package io.carbonmlops.mlflow;

import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.PowerSample;
import io.carbonmlops.meter.report.Figures;
import io.carbonmlops.meter.report.MeasurementJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The self-contained HTML report of one record: figures, the power chart (inline SVG) and the provenance table. */
public final class ReportHtml {
    private ReportHtml() {}

    public static String render(CarbonRecord record, RecordSummary summary, Map<String, String> provenanceTags) {
        Measurement m = record.measurement();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Carbon report")
                .append(record.stage().map(s -> " – " + Html.escape(s)).orElse("")).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}td.num{text-align:right}")
                .append("</style></head><body>\n");
        html.append("<h1>Carbon report").append(record.stage().map(s -> ": " + Html.escape(s)).orElse("")).append("</h1>\n");
        html.append("<p>Record <code>").append(record.recordId()).append("</code>, ")
                .append(MeasurementJson.formatInstant(m.startedAt())).append(" to ")
                .append(MeasurementJson.formatInstant(m.endedAt())).append("</p>\n");
        html.append("<h2>Figures</h2>\n<table id=\"figures\">\n");
        row(html, "duration", num(summary.durationSeconds()) + " s");
        row(html, "IT energy", Figures.energyKwh(summary.energyKwh()));
        // a device kind that was not measured gets no row: an absent figure, never a zero
        summary.gpuEnergyKwh().ifPresent(kwh -> row(html, "GPU energy", Figures.energyKwh(kwh)));
        summary.cpuEnergyKwh().ifPresent(kwh -> row(html, "CPU energy", Figures.energyKwh(kwh)));
        summary.ramEnergyKwh().ifPresent(kwh -> row(html, "RAM energy", Figures.energyKwh(kwh)));
        row(html, "PUE", num(summary.pue()));
        row(html, "facility energy", Figures.energyKwh(summary.facilityEnergyKwh()));
        record.footprint().ifPresentOrElse(f -> {
            row(html, "carbon intensity", num(f.intensityGramsPerKwh()) + " gCO2e/kWh (" + f.zone() + ", " + f.intensityKind() + ")");
            row(html, "CO2e", Figures.co2e(f.co2eKg()));
            f.costAmount().ifPresent(c -> row(html, "electricity cost", num(c) + " " + f.costCurrency()));
            f.carbonCostAmount().ifPresent(c -> row(html, "carbon cost", num(c) + " " + f.costCurrency()));
        }, () -> row(html, "CO2e", "not computed: no carbon intensity"));
        html.append("</table>\n<h2>Power</h2>\n").append(powerChart(m)).append('\n');
        html.append("<h2>Devices</h2>\n<table id=\"devices\"><tr><th>device</th><th>method</th><th>energy (J)</th>")
                .append("<th>mean (W)</th><th>peak (W)</th></tr>\n");
        for (DeviceMeasurement d : m.devices()) {
            html.append("<tr><td>").append(Html.escape(d.device().describe())).append("</td><td>")
                    .append(Html.escape(d.method().label())).append(d.method().isEstimate() ? " (estimate)" : "")
                    .append(d.partial() ? " (partial)" : "").append("</td><td class=\"num\">").append(Figures.energy(d.energyJoules()))
                    .append("</td><td class=\"num\">").append(num(d.meanPowerWatts())).append("</td><td class=\"num\">")
                    .append(num(d.peakPowerWatts())).append("</td></tr>\n");
        }
        html.append("</table>\n<h2>Provenance</h2>\n<table id=\"provenance\"><tr><th>tag</th><th>value</th></tr>\n");
        provenanceTags.forEach((k, v) -> row(html, k, v));
        html.append("</table>\n");
        if (!m.warnings().isEmpty()) {
            html.append("<h2>Warnings</h2>\n<ul>\n");
            m.warnings().forEach(w -> html.append("<li>").append(Html.escape(w)).append("</li>\n"));
            html.append("</ul>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    /**
     * Each sample is the mean power over the step that ends at its offset, so each is drawn as a flat step from the
     * previous offset (0 s for the first) to its own: the chart starts at 0 s, not at the first poll.
     */
    private static String powerChart(Measurement m) {
        List<SvgCharts.Series> series = new ArrayList<>();
        for (DeviceMeasurement d : m.devices()) {
            if (!d.powerSeries().isEmpty()) {
                List<double[]> points = new ArrayList<>();
                double stepStart = 0;
                for (PowerSample s : d.powerSeries()) {
                    points.add(new double[] {stepStart, s.powerWatts()});
                    points.add(new double[] {s.offsetSeconds(), s.powerWatts()});
                    stepStart = s.offsetSeconds();
                }
                series.add(new SvgCharts.Series(d.device().kind().label() + " " + d.device().index(), points));
            }
        }
        if (series.isEmpty()) {
            return "<p>No power series was recorded.</p>";
        }
        return SvgCharts.lineChart(series, "seconds since start", "power (W)");
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th>").append(Html.escape(name)).append("</th><td>").append(Html.escape(value)).append("</td></tr>\n");
    }

    private static String num(double v) {
        return Figures.number(v, 4);
    }
}
