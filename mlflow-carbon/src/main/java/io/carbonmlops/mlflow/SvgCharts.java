package io.carbonmlops.mlflow;

import io.carbonmlops.meter.report.Figures;
import java.util.List;
import java.util.Locale;

/** Inline SVG charts for self-contained HTML reports (no script, no CDN): a line chart and a scatter plot. */
public final class SvgCharts {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 50;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    private SvgCharts() {}

    /** A named series of (x, y) points. */
    public record Series(String name, List<double[]> points) {}

    /** A labelled point of a scatter plot; {@code highlighted} points are drawn filled and larger. */
    public record Dot(String label, double x, double y, boolean highlighted) {}

    /**
     * Lines over an x axis that starts at 0 (or below, if a point does). The legend sits in rows above the plot,
     * each label placed after the previous one's estimated width, so labels never overlap each other or the lines.
     */
    public static String lineChart(List<Series> series, String xLabel, String yLabel) {
        List<double[]> legend = legendPositions(series.stream().map(Series::name).toList());
        int top = TOP + 16 * legendRows(legend);
        Bounds b = Bounds.of(series.stream().flatMap(s -> s.points().stream()).toList(), true, top);
        StringBuilder svg = open(b, xLabel, yLabel);
        for (int i = 0; i < series.size(); i++) {
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (double[] p : series.get(i).points()) {
                path.append(path.length() == 0 ? "" : " ").append(fmt(b.x(p[0]))).append(',').append(fmt(b.y(p[1])));
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"")
                    .append(path).append("\"><title>").append(Html.escape(series.get(i).name())).append("</title></polyline>\n");
            svg.append("<text class=\"legend\" x=\"").append(fmt(legend.get(i)[0])).append("\" y=\"")
                    .append(fmt(legend.get(i)[1])).append("\" fill=\"").append(colour).append("\" font-size=\"12\">")
                    .append(Html.escape(series.get(i).name())).append("</text>\n");
        }
        return svg.append("</svg>").toString();
    }

    /** Approximate width of a 12 px sans-serif label: 7 px a character, generous so that labels never touch. */
    static double labelWidth(String label) {
        return 7.0 * label.length();
    }

    /** Where each legend label starts: left to right with a gap, wrapping to a new row at the chart's width. */
    static List<double[]> legendPositions(List<String> labels) {
        List<double[]> positions = new java.util.ArrayList<>();
        double x = LEFT + 10;
        double y = TOP + 2;
        for (String label : labels) {
            double width = labelWidth(label);
            if (x > LEFT + 10 && x + width > WIDTH - RIGHT) {
                x = LEFT + 10;
                y += 16;
            }
            positions.add(new double[] {x, y});
            x += width + 24;
        }
        return positions;
    }

    private static int legendRows(List<double[]> positions) {
        return positions.isEmpty() ? 0 : (int) Math.round((positions.get(positions.size() - 1)[1] - TOP - 2) / 16) + 1;
    }

    /** A scatter plot; labels of points in the right half are drawn to their left, so none runs off the chart. */
    public static String scatter(List<Dot> dots, String xLabel, String yLabel) {
        Bounds b = Bounds.of(dots.stream().map(d -> new double[] {d.x(), d.y()}).toList(), false, TOP);
        StringBuilder svg = open(b, xLabel, yLabel);
        for (Dot d : dots) {
            svg.append("<circle class=\"").append(d.highlighted() ? "pareto" : "run").append("\" cx=\"").append(fmt(b.x(d.x())))
                    .append("\" cy=\"").append(fmt(b.y(d.y()))).append("\" r=\"").append(d.highlighted() ? 6 : 4)
                    .append("\" fill=\"").append(d.highlighted() ? "#d62728" : "none")
                    .append("\" stroke=\"#d62728\"><title>").append(Html.escape(d.label())).append("</title></circle>\n");
            boolean rightHalf = b.x(d.x()) > (LEFT + WIDTH - RIGHT) / 2.0;
            svg.append("<text x=\"").append(fmt(b.x(d.x()) + (rightHalf ? -7 : 7))).append("\" y=\"")
                    .append(fmt(b.y(d.y()) - 7)).append(rightHalf ? "\" text-anchor=\"end" : "")
                    .append("\" font-size=\"10\">").append(Html.escape(d.label())).append("</text>\n");
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(Bounds b, String xLabel, String yLabel) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" font-family=\"sans-serif\">\n");
        int x0 = LEFT;
        int y0 = HEIGHT - BOTTOM;
        svg.append("<line x1=\"").append(x0).append("\" y1=\"").append(y0).append("\" x2=\"").append(WIDTH - RIGHT)
                .append("\" y2=\"").append(y0).append("\" stroke=\"#333\"/>\n");
        svg.append("<line x1=\"").append(x0).append("\" y1=\"").append(b.top()).append("\" x2=\"").append(x0).append("\" y2=\"")
                .append(y0).append("\" stroke=\"#333\"/>\n");
        for (int i = 0; i <= 4; i++) {
            double xv = b.minX + (b.maxX - b.minX) * i / 4;
            double yv = b.minY + (b.maxY - b.minY) * i / 4;
            svg.append("<text x=\"").append(fmt(b.x(xv))).append("\" y=\"").append(y0 + 16)
                    .append("\" font-size=\"10\" text-anchor=\"middle\">").append(tick(xv)).append("</text>\n");
            svg.append("<text x=\"").append(x0 - 6).append("\" y=\"").append(fmt(b.y(yv) + 3))
                    .append("\" font-size=\"10\" text-anchor=\"end\">").append(tick(yv)).append("</text>\n");
        }
        svg.append("<text x=\"").append((x0 + WIDTH - RIGHT) / 2).append("\" y=\"").append(HEIGHT - 10)
                .append("\" font-size=\"12\" text-anchor=\"middle\">").append(Html.escape(xLabel)).append("</text>\n");
        svg.append("<text x=\"14\" y=\"").append((b.top() + y0) / 2).append("\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 ")
                .append((b.top() + y0) / 2).append(")\">").append(Html.escape(yLabel)).append("</text>\n");
        return svg;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String tick(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : Figures.number(v, 3);
    }

    /**
     * The data range and the plot's top edge.
     *
     * @param fromZero the x axis starts at 0 (time since start); else it spans the points with 5 % padding
     */
    private record Bounds(double minX, double maxX, double minY, double maxY, int top) {
        static Bounds of(List<double[]> points, boolean fromZero, int top) {
            double minX = points.stream().mapToDouble(p -> p[0]).min().orElse(0);
            double maxX = points.stream().mapToDouble(p -> p[0]).max().orElse(1);
            if (fromZero) {
                minX = Math.min(0, minX);
            } else if (maxX > minX) {
                double pad = (maxX - minX) * 0.05;
                minX -= pad;
                maxX += pad;
            }
            double minY = Math.min(0, points.stream().mapToDouble(p -> p[1]).min().orElse(0));
            double maxY = points.stream().mapToDouble(p -> p[1]).max().orElse(1);
            return new Bounds(minX, maxX > minX ? maxX : minX + 1, minY, maxY > minY ? maxY * 1.05 : minY + 1, top);
        }

        double x(double v) {
            return LEFT + (v - minX) / (maxX - minX) * (WIDTH - LEFT - RIGHT);
        }

        double y(double v) {
            return HEIGHT - BOTTOM - (v - minY) / (maxY - minY) * (HEIGHT - top - BOTTOM);
        }
    }
}
