package io.carbonmlops.reports;

import io.carbonmlops.meter.report.Figures;
import io.carbonmlops.mlflow.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The report's SVG charts: no script, so they print and render the same everywhere. */
final class ReportCharts {
    private static final String[] COLOURS = {"#1b7837", "#2166ac", "#b2182b", "#e08214", "#762a83", "#4d4d4d",
        "#35978f", "#c51b7d", "#8c510a", "#5aae61"};
    private static final int WIDTH = 760;

    private ReportCharts() {}

    /** Grouped bars: one group of bars per month, one bar per team, in the unit of the largest value. */
    static String monthlyByTeam(Map<String, Map<String, Double>> months) {
        List<String> teams = new ArrayList<>(new TreeSet<>(months.values().stream()
                .flatMap(m -> m.keySet().stream()).toList()));
        double max = months.values().stream().flatMap(m -> m.values().stream()).mapToDouble(Double::doubleValue)
                .max().orElse(0);
        if (teams.isEmpty() || max <= 0) {
            return "<p class=\"empty\">No CO2e in the period.</p>";
        }
        String unit = Figures.massUnit(max);
        int height = 260;
        int left = 70;
        int plotHeight = 190;
        int slot = (WIDTH - left - 10) / months.size();
        int bar = Math.max(4, Math.min(40, (slot - 16) / teams.size()));
        StringBuilder svg = new StringBuilder(svgOpen("chart-monthly-team", height,
                "CO2e per month per team (location-based, " + unit + ")"));
        axis(svg, left, plotHeight, max, unit);
        int m = 0;
        for (Map.Entry<String, Map<String, Double>> month : months.entrySet()) {
            int x0 = left + 8 + m * slot;
            for (int t = 0; t < teams.size(); t++) {
                double kg = month.getValue().getOrDefault(teams.get(t), 0.0);
                int h = (int) Math.round(kg / max * plotHeight);
                svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" data-month=\"%s\" data-team=\"%s\" "
                        + "data-kg=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s %s: %s"
                        + "</title></rect>", Html.escape(month.getKey()), Html.escape(teams.get(t)), kg,
                        x0 + t * bar, 20 + plotHeight - h, bar - 2, h, COLOURS[t % COLOURS.length],
                        Html.escape(month.getKey()), Html.escape(teams.get(t)), Html.escape(Figures.co2e(kg))));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\">%s</text>", x0,
                    20 + plotHeight + 16, Html.escape(month.getKey())));
            m++;
        }
        legend(svg, teams, left, height - 14);
        return svg.append("</svg>").toString();
    }

    /** Horizontal bars, largest first. */
    static String topModels(List<Map.Entry<String, Double>> models) {
        double max = models.stream().mapToDouble(Map.Entry::getValue).max().orElse(0);
        if (models.isEmpty() || max <= 0) {
            return "<p class=\"empty\">No model-attributed CO2e in the period.</p>";
        }
        int rowHeight = 24;
        int height = 30 + models.size() * rowHeight;
        int left = 200;
        StringBuilder svg = new StringBuilder(svgOpen("chart-top-models", height,
                "Top models by CO2e (location-based)"));
        for (int i = 0; i < models.size(); i++) {
            Map.Entry<String, Double> model = models.get(i);
            int w = (int) Math.round(model.getValue() / max * (WIDTH - left - 120));
            int y = 10 + i * rowHeight;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\" text-anchor=\"end\">%s"
                    + "</text><rect class=\"bar\" data-model=\"%s\" data-kg=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" "
                    + "height=\"%d\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" class=\"value\">%s</text>", left - 6, y + 15,
                    Html.escape(model.getKey()), Html.escape(model.getKey()), model.getValue(), left, y, Math.max(1, w),
                    rowHeight - 6, COLOURS[1], left + w + 6, y + 15, Html.escape(Figures.co2e(model.getValue()))));
        }
        return svg.append("</svg>").toString();
    }

    /** One bar split into measured and estimated energy. */
    static String measuredVsEstimated(double measuredKwh, double estimatedKwh) {
        double total = measuredKwh + estimatedKwh;
        if (total <= 0) {
            return "<p class=\"empty\">No device energy in the period.</p>";
        }
        int plot = WIDTH - 40;
        int measured = (int) Math.round(measuredKwh / total * plot);
        StringBuilder svg = new StringBuilder(svgOpen("chart-measured-estimated", 80,
                "IT energy measured (counters) vs estimated"));
        svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" data-share=\"measured\" data-kwh=\"%s\" x=\"20\" "
                + "y=\"10\" width=\"%d\" height=\"30\" fill=\"%s\"/><rect class=\"bar\" data-share=\"estimated\" "
                + "data-kwh=\"%s\" x=\"%d\" y=\"10\" width=\"%d\" height=\"30\" fill=\"%s\"/>", measuredKwh, measured,
                COLOURS[0], estimatedKwh, 20 + measured, plot - measured, COLOURS[3]));
        svg.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"60\" class=\"label\">measured %s (%s %%) · "
                + "estimated %s (%s %%)</text>", Html.escape(Figures.energyKwh(measuredKwh)),
                Figures.number(measuredKwh / total * 100, 3), Html.escape(Figures.energyKwh(estimatedKwh)),
                Figures.number(estimatedKwh / total * 100, 3)));
        return svg.append("</svg>").toString();
    }

    private static String svgOpen(String id, int height, String title) {
        return String.format(Locale.ROOT, "<svg id=\"%s\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
                + " xmlns=\"http://www.w3.org/2000/svg\"><title>%s</title>", id, WIDTH, height, WIDTH, height,
                Html.escape(title));
    }

    private static void axis(StringBuilder svg, int left, int plotHeight, double max, String unit) {
        for (int i = 0; i <= 4; i++) {
            int y = 20 + plotHeight - plotHeight * i / 4;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" class=\"grid\"/>"
                    + "<text x=\"%d\" y=\"%d\" class=\"label\" text-anchor=\"end\">%s</text>", left, WIDTH - 10, y, y,
                    left - 6, y + 4, Figures.number(Figures.inMassUnit(max * i / 4, unit), 3) + " " + unit));
        }
    }

    private static void legend(StringBuilder svg, List<String> names, int left, int y) {
        int x = left;
        for (int i = 0; i < names.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" class=\"label\">%s</text>", x, y - 9, COLOURS[i % COLOURS.length], x + 14,
                    y, Html.escape(names.get(i))));
            x += 24 + 7 * names.get(i).length();
        }
    }
}
