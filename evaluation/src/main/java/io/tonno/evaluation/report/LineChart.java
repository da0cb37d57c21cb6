package io.tonno.evaluation.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * A small line chart drawn with Java2D: title, axis labels, "nice" ticks, light grid, optional
 * categorical x axis and logarithmic y axis, legend. NaN points break a line.
 */
final class LineChart {
    /** Tableau-10 colours: distinct, colour-blind friendlier than the AWT defaults. */
    static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
        new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)
    };

    record Series(String name, double[] x, double[] y, Color color, float width, boolean markers, boolean dashed) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private List<String> categories;
    private boolean logY;
    private double yMin = Double.NaN;
    private double yMax = Double.NaN;

    LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    LineChart categories(List<String> labels) {
        this.categories = List.copyOf(labels);
        return this;
    }

    LineChart logY(boolean on) {
        this.logY = on;
        return this;
    }

    LineChart yRange(double lo, double hi) {
        this.yMin = lo;
        this.yMax = hi;
        return this;
    }

    LineChart add(Series s) {
        series.add(s);
        return this;
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    BufferedImage render(int width, int height) {
        return Charts.canvas(width, height, g -> draw(g, 0, 0, width, height));
    }

    void draw(Graphics2D g, int ox, int oy, int w, int h) {
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 15);
        int left = ox + 72;
        int right = ox + w - 18;
        int top = oy + 40;
        int bottom = oy + h - 56;

        double[] xr = range(true);
        double[] yr = range(false);
        if (categories != null) {
            xr = new double[] {-0.3, categories.size() - 0.7};
        }
        double[] yTicks = logY ? logTicks(yr) : Charts.niceTicks(yr[0], yr[1], 6);
        if (!logY && Double.isNaN(yMin)) {
            yr = new double[] {Math.min(yr[0], yTicks[0]), Math.max(yr[1], yTicks[yTicks.length - 1])};
        }
        double[] xTicks = categories != null ? indices(categories.size()) : Charts.niceTicks(xr[0], xr[1], 7);
        if (categories == null) {
            // Extend the x range to whole ticks, so a log starting at step 10 shows its 0 tick.
            xr = new double[] {Math.min(xr[0], xTicks[0]), Math.max(xr[1], xTicks[xTicks.length - 1])};
        }
        final double[] fxr = xr;
        final double[] fyr = yr;
        DoubleUnaryOperator px = x -> left + (x - fxr[0]) / (fxr[1] - fxr[0]) * (right - left);
        DoubleUnaryOperator py = y -> {
            double t = logY
                    ? (Math.log10(y) - Math.log10(fyr[0])) / (Math.log10(fyr[1]) - Math.log10(fyr[0]))
                    : (y - fyr[0]) / (fyr[1] - fyr[0]);
            return bottom - t * (bottom - top);
        };

        // Grid and ticks.
        g.setFont(tickFont);
        FontMetrics fm = g.getFontMetrics();
        for (double t : yTicks) {
            if (t < yr[0] - 1e-12 || t > yr[1] + 1e-12) {
                continue;
            }
            int yy = (int) Math.round(py.applyAsDouble(t));
            g.setColor(new Color(0xE6E6E6));
            g.drawLine(left, yy, right, yy);
            g.setColor(new Color(0x444444));
            g.drawLine(left - 5, yy, left, yy);
            String s = logY ? Charts.formatPowerOfTen(t) : Charts.formatTick(t, yTicks);
            g.drawString(s, left - 8 - fm.stringWidth(s), yy + fm.getAscent() / 2 - 1);
        }
        for (int n = 0; n < xTicks.length; n++) {
            double t = xTicks[n];
            if (t < xr[0] - 1e-12 || t > xr[1] + 1e-12) {
                continue;
            }
            int xx = (int) Math.round(px.applyAsDouble(t));
            g.setColor(new Color(0xE6E6E6));
            g.drawLine(xx, top, xx, bottom);
            g.setColor(new Color(0x444444));
            g.drawLine(xx, bottom, xx, bottom + 5);
            String s = categories != null ? categories.get(n) : Charts.formatTick(t, xTicks);
            g.drawString(s, xx - fm.stringWidth(s) / 2, bottom + 8 + fm.getAscent());
        }
        g.setColor(new Color(0x444444));
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);

        // Labels and title.
        g.setFont(labelFont);
        fm = g.getFontMetrics();
        g.setColor(new Color(0x222222));
        g.drawString(xLabel, (left + right) / 2 - fm.stringWidth(xLabel) / 2, oy + h - 14);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -((top + bottom) / 2 + fm.stringWidth(yLabel) / 2), ox + 18);
        g.setTransform(saved);
        g.setFont(titleFont);
        fm = g.getFontMetrics();
        g.drawString(title, (left + right) / 2 - fm.stringWidth(title) / 2, oy + 24);

        // Series, clipped to the plot area.
        java.awt.Shape clip = g.getClip();
        g.clipRect(left, top - 4, right - left + 1, bottom - top + 8);
        Stroke stroke = g.getStroke();
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(
                    s.dashed()
                            ? new BasicStroke(
                                    s.width(),
                                    BasicStroke.CAP_ROUND,
                                    BasicStroke.JOIN_ROUND,
                                    1f,
                                    new float[] {7f, 5f},
                                    0f)
                            : new BasicStroke(s.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            for (int n = 0; n < s.x().length; n++) {
                double y = s.y()[n];
                if (!Double.isFinite(y) || (logY && y <= 0)) {
                    pen = false;
                    continue;
                }
                double xx = px.applyAsDouble(s.x()[n]);
                double yy = py.applyAsDouble(y);
                if (pen) {
                    path.lineTo(xx, yy);
                } else {
                    path.moveTo(xx, yy);
                    pen = true;
                }
            }
            g.draw(path);
            if (s.markers()) {
                g.setStroke(new BasicStroke(1.5f));
                for (int n = 0; n < s.x().length; n++) {
                    double y = s.y()[n];
                    if (!Double.isFinite(y)) {
                        continue;
                    }
                    int xx = (int) Math.round(px.applyAsDouble(s.x()[n]));
                    int yy = (int) Math.round(py.applyAsDouble(y));
                    g.setColor(Color.WHITE);
                    g.fillOval(xx - 5, yy - 5, 10, 10);
                    g.setColor(s.color());
                    g.drawOval(xx - 5, yy - 5, 10, 10);
                    g.fillOval(xx - 3, yy - 3, 6, 6);
                }
            }
        }
        g.setStroke(stroke);
        g.setClip(clip);
        drawLegend(g, left, top, right, bottom, px, py);
    }

    private void drawLegend(
            Graphics2D g, int left, int top, int right, int bottom, DoubleUnaryOperator px, DoubleUnaryOperator py) {
        List<Series> named = series.stream()
                .filter(s -> s.name() != null && !s.name().isEmpty())
                .toList();
        if (named.isEmpty()) {
            return;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int textW = named.stream().mapToInt(s -> fm.stringWidth(s.name())).max().orElse(0);
        int lineH = fm.getHeight() + 3;
        int boxW = textW + 46;
        int boxH = named.size() * lineH + 10;
        // The corner whose box covers the fewest data points (ties: top right, top left, bottom right, bottom left).
        int[][] corners = {
            {right - boxW - 8, top + 8}, {left + 8, top + 8},
            {right - boxW - 8, bottom - boxH - 8}, {left + 8, bottom - boxH - 8}
        };
        int bx = corners[0][0];
        int by = corners[0][1];
        long fewest = Long.MAX_VALUE;
        for (int[] c : corners) {
            long covered = 0;
            for (Series s : series) {
                for (int n = 0; n < s.x().length; n++) {
                    double y = s.y()[n];
                    if (!Double.isFinite(y) || (logY && y <= 0)) {
                        continue;
                    }
                    double xx = px.applyAsDouble(s.x()[n]);
                    double yy = py.applyAsDouble(y);
                    if (xx >= c[0] - 6 && xx <= c[0] + boxW + 6 && yy >= c[1] - 6 && yy <= c[1] + boxH + 6) {
                        covered++;
                    }
                }
            }
            if (covered < fewest) {
                fewest = covered;
                bx = c[0];
                by = c[1];
            }
        }
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRoundRect(bx, by, boxW, boxH, 8, 8);
        g.setColor(new Color(0xBBBBBB));
        g.drawRoundRect(bx, by, boxW, boxH, 8, 8);
        for (int n = 0; n < named.size(); n++) {
            Series s = named.get(n);
            int cy = by + 5 + n * lineH + lineH / 2;
            g.setColor(s.color());
            g.setStroke(
                    s.dashed()
                            ? new BasicStroke(
                                    Math.max(2f, s.width()),
                                    BasicStroke.CAP_BUTT,
                                    BasicStroke.JOIN_ROUND,
                                    1f,
                                    new float[] {5f, 3f},
                                    0f)
                            : new BasicStroke(Math.max(2f, s.width())));
            g.drawLine(bx + 8, cy, bx + 32, cy);
            g.setStroke(new BasicStroke(1f));
            g.setColor(new Color(0x222222));
            g.drawString(s.name(), bx + 38, cy + fm.getAscent() / 2 - 1);
        }
    }

    private double[] range(boolean x) {
        if (!x && !Double.isNaN(yMin)) {
            return new double[] {yMin, yMax};
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[] v = x ? s.x() : s.y();
            for (double d : v) {
                if (Double.isFinite(d) && (x || !logY || d > 0)) {
                    lo = Math.min(lo, d);
                    hi = Math.max(hi, d);
                }
            }
        }
        if (lo > hi) {
            return logY && !x ? new double[] {0.1, 1} : new double[] {0, 1};
        }
        if (lo == hi) {
            double pad = logY && !x ? lo * 0.5 : Math.max(Math.abs(lo) * 0.1, 0.5);
            return new double[] {lo - pad, hi + pad};
        }
        if (logY && !x) {
            return new double[] {Math.pow(10, Math.floor(Math.log10(lo))), Math.pow(10, Math.ceil(Math.log10(hi)))};
        }
        return new double[] {lo, hi};
    }

    private static double[] logTicks(double[] yr) {
        int a = (int) Math.floor(Math.log10(yr[0]));
        int b = (int) Math.ceil(Math.log10(yr[1]));
        double[] t = new double[b - a + 1];
        for (int n = 0; n < t.length; n++) {
            t[n] = Math.pow(10, a + n);
        }
        return t;
    }

    private static double[] indices(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LineChart[%s, %d series]", title, series.size());
    }
}
