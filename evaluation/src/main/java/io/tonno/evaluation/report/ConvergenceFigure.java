package io.tonno.evaluation.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figure of {@code tonno bench convergence}: for each sampling scheme (a line), how close a ToNNO heatmap made
 * with a fraction of the reference's network calls comes to the reference. Left: mean correlation with the
 * reference heatmap (the 0.99 bar dashed); right: calibrated mean Dice on the test cases (the reference's dashed).
 * The x axis is {@code log2} of the fraction of the reference's scored slices (0 = as many, −5 = 1/32). A
 * 1040 × 400 PNG.
 */
public final class ConvergenceFigure {
    private static final int PANEL_W = 520;
    private static final int PANEL_H = 400;

    private ConvergenceFigure() {}

    /**
     * One heatmap budget of one scheme.
     *
     * @param series              the line it belongs to, e.g. {@code hemisphere+body, directions}
     * @param fractionOfReference scored slices over the reference's, in (0, 1]
     * @param meanCorrelation     mean over cases of the Pearson correlation with the reference heatmap
     * @param calibratedDice      test mean Dice at the threshold calibrated on the calibration cases
     */
    public record Point(String series, double fractionOfReference, double meanCorrelation, double calibratedDice) {}

    /** Writes the figure to {@code png} (atomically); {@code referenceDice} is the reference heatmap's own Dice. */
    public static void write(Path png, List<Point> points, double referenceDice) throws IOException {
        Map<String, List<Point>> bySeries = new LinkedHashMap<>();
        for (Point p : points) {
            bySeries.computeIfAbsent(p.series(), k -> new ArrayList<>()).add(p);
        }
        double lo = 0;
        for (Point p : points) {
            lo = Math.min(lo, log2(p.fractionOfReference()));
        }
        double[] span = {Math.floor(lo), 0};
        String x = "network calls, log2 of the reference's";
        LineChart corr = new LineChart("Correlation with the reference", x, "mean correlation");
        LineChart dice = new LineChart("Calibrated Dice (test)", x, "mean Dice").yRange(0, 1);
        int c = 0;
        double minCorr = 1;
        for (Map.Entry<String, List<Point>> e : bySeries.entrySet()) {
            List<Point> line = new ArrayList<>(e.getValue());
            line.sort(Comparator.comparingDouble(Point::fractionOfReference));
            double[] xs = new double[line.size()];
            double[] cs = new double[line.size()];
            double[] ds = new double[line.size()];
            for (int i = 0; i < line.size(); i++) {
                xs[i] = log2(line.get(i).fractionOfReference());
                cs[i] = line.get(i).meanCorrelation();
                ds[i] = line.get(i).calibratedDice();
                minCorr = Math.min(minCorr, cs[i]);
            }
            Color colour = LineChart.PALETTE[c++ % LineChart.PALETTE.length];
            corr.add(new LineChart.Series(e.getKey(), xs, cs, colour, 2.2f, true, false));
            dice.add(new LineChart.Series(e.getKey(), xs, ds, colour, 2.2f, true, false));
        }
        Color grey = new Color(0x8C959F);
        corr.yRange(Math.min(0.9, Math.floor(minCorr * 20) / 20), 1);
        corr.add(new LineChart.Series("0.99", span, new double[] {0.99, 0.99}, grey, 1.2f, false, true));
        dice.add(new LineChart.Series(
                "reference", span, new double[] {referenceDice, referenceDice}, grey, 1.2f, false, true));
        Charts.writePng(
                Charts.canvas(2 * PANEL_W, PANEL_H, g -> {
                    corr.draw(g, 0, 0, PANEL_W, PANEL_H);
                    dice.draw(g, PANEL_W, 0, PANEL_W, PANEL_H);
                }),
                png);
    }

    private static double log2(double f) {
        return Math.log(f) / Math.log(2);
    }
}
