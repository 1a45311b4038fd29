package dev.meshdemo.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line/scatter and bar chart writer producing inline SVG, so the report needs no script or CDN.
 * Axes are linear or base-10 logarithmic; a custom tick labeller lets the percentile axis read "99.9 %".
 */
final class SvgPlot {

    record Point(double x, double y) {
    }

    record Series(String name, String color, boolean dashed, List<Point> points) {
    }

    record Marker(double x, double y, String label) {
    }

    /** An error bar: a vertical line from lo to hi at x (a 95 % interval). */
    record Interval(double x, double lo, double hi, String color) {
    }

    interface TickLabel {
        String label(double value);
    }

    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"};
    private static final int W = 720;
    private static final int H = 380;
    private static final int LEFT = 70;
    private static final int RIGHT = 160;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean xLog;
    private final boolean yLog;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private final List<Interval> intervals = new ArrayList<>();
    private double[] xTicks;
    private TickLabel xTickLabel;

    SvgPlot(String title, String xLabel, String yLabel, boolean xLog, boolean yLog) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.xLog = xLog;
        this.yLog = yLog;
    }

    SvgPlot add(Series s) {
        if (!s.points().isEmpty()) {
            series.add(s);
        }
        return this;
    }

    SvgPlot marker(Marker m) {
        markers.add(m);
        return this;
    }

    SvgPlot interval(Interval i) {
        if (!Double.isNaN(i.lo()) && !Double.isNaN(i.hi())) {
            intervals.add(i);
        }
        return this;
    }

    /** Fixed x ticks with their own labels (the percentile axis). */
    SvgPlot xTicks(double[] ticks, TickLabel label) {
        this.xTicks = ticks;
        this.xTickLabel = label;
        return this;
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    String render() {
        double[] xr = range(true);
        double[] yr = range(false);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"11\">%n", W, H, W, H));
        svg.append(text(LEFT + (W - LEFT - RIGHT) / 2.0, 18, title, "middle", "bold"));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM));
        for (double t : xTicks != null ? xTicks : ticks(xr, xLog)) {
            double px = px(t, xr);
            svg.append(line(px, TOP, px, H - BOTTOM, "#eee"));
            svg.append(text(px, H - BOTTOM + 14, xTickLabel != null ? xTickLabel.label(t) : num(t), "middle", null));
        }
        for (double t : ticks(yr, yLog)) {
            double py = py(t, yr);
            svg.append(line(LEFT, py, W - RIGHT, py, "#eee"));
            svg.append(text(LEFT - 4, py + 4, num(t), "end", null));
        }
        svg.append(text(LEFT + (W - LEFT - RIGHT) / 2.0, H - 12, xLabel, "middle", null));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>%n",
                (TOP + H - BOTTOM) / 2.0, (TOP + H - BOTTOM) / 2.0, esc(yLabel)));
        int legendY = TOP + 10;
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            for (Point p : s.points()) {
                if (!valid(p, xr, yr)) {
                    continue;
                }
                path.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(p.x(), xr), py(p.y(), yr)));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%n",
                    s.color(), s.dashed() ? " stroke-dasharray=\"6,3\"" : "", path.toString().trim()));
            if (s.points().size() < 40) {
                for (Point p : s.points()) {
                    if (valid(p, xr, yr)) {
                        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                                px(p.x(), xr), py(p.y(), yr), s.color()));
                    }
                }
            }
            svg.append(line(W - RIGHT + 10, legendY - 4, W - RIGHT + 30, legendY - 4, s.color()));
            svg.append(text(W - RIGHT + 34, legendY, s.name(), "start", null));
            legendY += 16;
        }
        for (Interval i : intervals) {
            double px = px(i.x(), xr);
            double lo = py(i.lo(), yr);
            double hi = py(i.hi(), yr);
            svg.append(line(px, lo, px, hi, i.color()));
            svg.append(line(px - 4, lo, px + 4, lo, i.color()));
            svg.append(line(px - 4, hi, px + 4, hi, i.color()));
        }
        for (Marker m : markers) {
            double px = px(m.x(), xr);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\" stroke-dasharray=\"2,2\"/>%n",
                    px, TOP, px, H - BOTTOM));
            svg.append(text(px + 3, TOP + 12, m.label(), "start", null));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** Horizontal bars: one row per label, value in the given unit. */
    static String bars(String title, String unit, List<String> labels, List<Double> values) {
        int rowH = 22;
        int h = TOP + rowH * labels.size() + 20;
        double max = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).max().orElse(1);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", W, h));
        svg.append(text(W / 2.0, 18, title, "middle", "bold"));
        int labelW = 260;
        for (int i = 0; i < labels.size(); i++) {
            double v = values.get(i);
            int y = TOP + i * rowH;
            double w = Double.isNaN(v) ? 0 : (W - labelW - 120) * v / max;
            svg.append(text(labelW - 6, y + 14, labels.get(i), "end", null));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>%n",
                    labelW, y + 2, w, COLORS[i % COLORS.length]));
            svg.append(text(labelW + w + 6, y + 14, Double.isNaN(v) ? "n/a" : num(v) + " " + unit, "start", null));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private boolean valid(Point p, double[] xr, double[] yr) {
        return !Double.isNaN(p.x()) && !Double.isNaN(p.y()) && !(xLog && p.x() <= 0) && !(yLog && p.y() <= 0);
    }

    private double[] range(boolean x) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        boolean log = x ? xLog : yLog;
        List<Double> values = new ArrayList<>();
        for (Series s : series) {
            for (Point p : s.points()) {
                values.add(x ? p.x() : p.y());
            }
        }
        for (Interval i : intervals) {
            values.add(x ? i.x() : i.lo());
            values.add(x ? i.x() : i.hi());
        }
        for (double v : values) {
            if (Double.isNaN(v) || (log && v <= 0)) {
                continue;
            }
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (x && xTicks != null) {
            lo = Math.min(lo, xTicks[0]);
            hi = Math.max(hi, xTicks[xTicks.length - 1]);
        }
        if (lo == Double.MAX_VALUE) {
            return new double[] {log ? 0.1 : 0, 1};
        }
        if (log) {
            return new double[] {Math.pow(10, Math.floor(Math.log10(lo))), Math.pow(10, Math.ceil(Math.log10(hi * 1.0001)))};
        }
        if (!x) {
            lo = Math.min(0, lo);
        }
        if (hi == lo) {
            hi = lo + 1;
        }
        return new double[] {lo, hi + (x ? 0 : (hi - lo) * 0.05)};
    }

    private static double[] ticks(double[] r, boolean log) {
        List<Double> t = new ArrayList<>();
        if (log) {
            for (double v = r[0]; v <= r[1] * 1.0001; v *= 10) {
                t.add(v);
            }
        } else {
            double step = Math.pow(10, Math.floor(Math.log10((r[1] - r[0]) / 5)));
            if ((r[1] - r[0]) / step > 10) {
                step *= 2;
            }
            for (double v = Math.ceil(r[0] / step) * step; v <= r[1]; v += step) {
                t.add(v);
            }
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private double px(double x, double[] r) {
        double f = xLog ? (Math.log10(x) - Math.log10(r[0])) / (Math.log10(r[1]) - Math.log10(r[0])) : (x - r[0]) / (r[1] - r[0]);
        return LEFT + f * (W - LEFT - RIGHT);
    }

    private double py(double y, double[] r) {
        double f = yLog ? (Math.log10(y) - Math.log10(r[0])) / (Math.log10(r[1]) - Math.log10(r[0])) : (y - r[0]) / (r[1] - r[0]);
        return H - BOTTOM - f * (H - TOP - BOTTOM);
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                x1, y1, x2, y2, color);
    }

    private static String text(double x, double y, String s, String anchor, String weight) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>%n", x, y, anchor,
                weight == null ? "" : " font-weight=\"" + weight + "\"", esc(s));
    }

    static String num(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+$", "");
        }
        return String.format(Locale.ROOT, "%.2g", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
