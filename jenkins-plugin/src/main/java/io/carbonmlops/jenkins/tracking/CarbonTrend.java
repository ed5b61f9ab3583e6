package io.carbonmlops.jenkins.tracking;

import io.carbonmlops.meter.report.Figures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.Locale;

/**
 * The job page's carbon trend: CO2e per build as a small self-contained SVG bar chart (no JavaScript, no chart
 * library). Only numbers go into the SVG, so it is safe to emit as markup.
 */
public final class CarbonTrend {
    private static final int WIDTH = 500;
    private static final int HEIGHT = 200;
    private static final int MARGIN = 30;

    private CarbonTrend() {}

    /**
     * One build's totals.
     *
     * @param buildNumber the build
     * @param co2eKg      its CO2e, kg (only builds with a known figure are plotted)
     * @param energyKwh   its facility energy, kWh
     */
    public record Point(int buildNumber, double co2eKg, double energyKwh) {}

    /**
     * The points of the latest builds that have one, oldest first: at most {@code maxPoints}, looking at no more than
     * {@code maxScanned} builds, so a page view costs the same on a job with ten thousand builds (Jenkins loads each
     * build it looks at from disk).
     *
     * @param latest   the newest build; null for none
     * @param previous the build before a build; null at the first
     * @param pointOf  a build's point; empty when it has no carbon record
     */
    public static <B> List<Point> recentPoints(B latest, UnaryOperator<B> previous, Function<B, Optional<Point>> pointOf,
            int maxPoints, int maxScanned) {
        List<Point> points = new ArrayList<>();
        int scanned = 0;
        for (B build = latest; build != null && points.size() < maxPoints && scanned < maxScanned; build = previous.apply(build)) {
            pointOf.apply(build).ifPresent(points::add);
            scanned++;
        }
        Collections.reverse(points);
        return points;
    }

    /** The chart for builds oldest first; empty text when there is nothing to plot. */
    public static String svg(List<Point> oldestFirst) {
        if (oldestFirst.isEmpty()) {
            return "";
        }
        double maxKg = oldestFirst.stream().mapToDouble(Point::co2eKg).max().orElse(0);
        double scale = maxKg > 0 ? (HEIGHT - 2.0 * MARGIN) / maxKg : 0;
        String unit = Figures.massUnit(maxKg);
        double slot = (WIDTH - 2.0 * MARGIN) / oldestFirst.size();
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\""
                        + " aria-label=\"CO2e per build\">", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"15\" font-size=\"11\">%s CO2e per build (max %s)</text>",
                MARGIN, unit, Figures.number(Figures.inMassUnit(maxKg, unit), Figures.DIGITS)));
        for (int i = 0; i < oldestFirst.size(); i++) {
            Point point = oldestFirst.get(i);
            double barHeight = point.co2eKg() * scale;
            double x = MARGIN + i * slot;
            double y = HEIGHT - MARGIN - barHeight;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2e7d32\">"
                            + "<title>#%d: %s, %s</title></rect>", x + slot * 0.1, y, slot * 0.8, barHeight,
                    point.buildNumber(), Figures.co2e(point.co2eKg()), Figures.energyKwh(point.energyKwh())));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">#%d</text>",
                    x + slot / 2, HEIGHT - MARGIN + 14, point.buildNumber()));
        }
        return svg.append("</svg>").toString();
    }
}
