package io.tonno.evaluation.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Map;

/**
 * Training curves in three panels: loss (raw, light, with an exponential moving average, dark),
 * learning rate and the validation scores (every validation field whose name contains {@code Auc} or
 * {@code Accuracy}, with chance 0.5, the {@link LearningReport} threshold and the slice AUC of a perfect lesion
 * detector, {@code valPerfectDetectorSliceAuc}, dashed), and below them a
 * strip with the learning verdict.
 */
final class TrainingCurvesFigure {
    static final int PANEL_W = 520;
    static final int PANEL_H = 380;
    static final int VERDICT_H = 40;
    static final Color LEARNED = new Color(0x1A7F37);
    static final Color NOT_LEARNED = new Color(0xCF222E);
    static final Color NO_VERDICT = new Color(0x59636E);

    private TrainingCurvesFigure() {}

    /** The figure: {@code 3 × PANEL_W} by {@code PANEL_H + VERDICT_H} pixels. */
    static BufferedImage render(TrainingLog log, LearningReport.Assessment verdict) {
        int width = 3 * PANEL_W;
        return Charts.canvas(width, PANEL_H + VERDICT_H, g -> {
            LineChart loss = new LineChart("Training loss", "step", "loss");
            loss.add(new LineChart.Series(
                    "loss", log.trainSteps(), log.loss(), new Color(0xA9C4DE), 1.2f, false, false));
            loss.add(new LineChart.Series(
                    "moving average",
                    log.trainSteps(),
                    ema(log.loss(), 0.9),
                    LineChart.PALETTE[0],
                    2.4f,
                    false,
                    false));
            loss.draw(g, 0, 0, PANEL_W, PANEL_H);

            // Linear: warm-up and cosine decay to ~0 read best that way (a log axis dwells on the tail).
            LineChart lr = new LineChart("Learning rate", "step", "learning rate");
            lr.add(new LineChart.Series("", log.trainSteps(), log.lr(), LineChart.PALETTE[1], 2.2f, false, false));
            lr.draw(g, PANEL_W, 0, PANEL_W, PANEL_H);

            LineChart val = new LineChart("Validation", "step", "score").yRange(0, 1);
            int c = 2;
            double first = Double.POSITIVE_INFINITY;
            double last = Double.NEGATIVE_INFINITY;
            for (Map.Entry<String, double[][]> e : log.validation().entrySet()) {
                if (!plotted(e.getKey())) {
                    continue;
                }
                double[][] p = e.getValue();
                double[] x = new double[p.length];
                double[] y = new double[p.length];
                for (int n = 0; n < p.length; n++) {
                    x[n] = p[n][0];
                    y[n] = p[n][1];
                    first = Math.min(first, x[n]);
                    last = Math.max(last, x[n]);
                }
                boolean perfect = LearningReport.PERFECT_DETECTOR_SLICE_AUC.equals(e.getKey());
                val.add(new LineChart.Series(
                        perfect ? "valSliceAuc of a perfect lesion detector" : e.getKey(),
                        x,
                        y,
                        LineChart.PALETTE[c++ % LineChart.PALETTE.length],
                        perfect ? 1.4f : 2.2f,
                        !perfect && p.length <= 40,
                        perfect));
            }
            if (!val.isEmpty()) {
                double from = log.trainSteps().length > 0 ? Math.min(first, log.trainSteps()[0]) : first;
                double[] xs = {Math.min(from, last), last};
                val.add(new LineChart.Series(
                        "chance", xs, new double[] {0.5, 0.5}, new Color(0xAFB8C1), 1.2f, false, true));
                val.add(new LineChart.Series(
                        String.format(Locale.ROOT, "learned: volume AUC ≥ %.2f", LearningReport.LEARNED_VOLUME_AUC),
                        xs,
                        new double[] {LearningReport.LEARNED_VOLUME_AUC, LearningReport.LEARNED_VOLUME_AUC},
                        new Color(0x424A53),
                        1.2f,
                        false,
                        true));
            }
            val.draw(g, 2 * PANEL_W, 0, PANEL_W, PANEL_H);
            if (verdict != null) {
                drawVerdict(g, verdict, PANEL_H, width);
            }
        });
    }

    /** AUC-type validation fields and accuracies: scores in [0, 1] that share the panel's axis. */
    static boolean plotted(String field) {
        String f = field.toLowerCase(Locale.ROOT);
        return f.contains("auc") || f.contains("accuracy");
    }

    private static void drawVerdict(Graphics2D g, LearningReport.Assessment a, int top, int width) {
        Color color = switch (a.verdict()) {
            case LEARNED -> LEARNED;
            case DID_NOT_LEARN -> NOT_LEARNED;
            default -> NO_VERDICT;
        };
        g.setColor(new Color(0xD8DEE4));
        g.drawLine(0, top, width, top);
        g.setColor(color);
        g.fillRect(0, top + 1, 8, VERDICT_H - 1);
        int size = 15;
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, size);
        FontMetrics fm = g.getFontMetrics(font);
        while (fm.stringWidth(a.sentence()) > width - 40 && size > 9) {
            font = new Font(Font.SANS_SERIF, Font.BOLD, --size);
            fm = g.getFontMetrics(font);
        }
        g.setFont(font);
        g.drawString(a.sentence(), 22, top + (VERDICT_H + fm.getAscent() - fm.getDescent()) / 2);
    }

    /** Exponential moving average with bias correction, so the start is not dragged towards 0. */
    static double[] ema(double[] v, double beta) {
        double[] out = new double[v.length];
        double m = 0;
        double w = 0;
        for (int n = 0; n < v.length; n++) {
            if (Double.isFinite(v[n])) {
                m = beta * m + (1 - beta) * v[n];
                w = beta * w + (1 - beta);
            }
            out[n] = w > 0 ? m / w : Double.NaN;
        }
        return out;
    }
}
