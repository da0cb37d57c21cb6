package io.tonno.evaluation.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * Training curves in three panels: loss (raw, light, with an exponential moving average, dark),
 * learning rate and the validation metrics.
 */
final class TrainingCurvesFigure {
    private static final int PANEL_W = 520;
    private static final int PANEL_H = 380;

    private TrainingCurvesFigure() {
    }

    static BufferedImage render(TrainingLog log) {
        BufferedImage img = new BufferedImage(3 * PANEL_W, PANEL_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            Charts.prepare(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());

            LineChart loss = new LineChart("Training loss", "step", "binary cross-entropy");
            loss.add(new LineChart.Series("loss", log.trainSteps(), log.loss(), new Color(0xA9C4DE), 1.2f, false, false));
            loss.add(new LineChart.Series("moving average", log.trainSteps(), ema(log.loss(), 0.9),
                    LineChart.PALETTE[0], 2.4f, false, false));
            loss.draw(g, 0, 0, PANEL_W, PANEL_H);

            // Linear: warm-up and cosine decay to ~0 read best that way (a log axis dwells on the tail).
            LineChart lr = new LineChart("Learning rate", "step", "learning rate");
            lr.add(new LineChart.Series("", log.trainSteps(), log.lr(), LineChart.PALETTE[1], 2.2f, false, false));
            lr.draw(g, PANEL_W, 0, PANEL_W, PANEL_H);

            LineChart val = new LineChart("Validation", "step", "score").yRange(0, 1);
            int c = 2;
            for (Map.Entry<String, double[][]> e : log.validation().entrySet()) {
                double[][] p = e.getValue();
                double[] x = new double[p.length];
                double[] y = new double[p.length];
                for (int n = 0; n < p.length; n++) {
                    x[n] = p[n][0];
                    y[n] = p[n][1];
                }
                val.add(new LineChart.Series(e.getKey(), x, y, LineChart.PALETTE[c++ % LineChart.PALETTE.length],
                        2.2f, p.length <= 40, false));
            }
            val.draw(g, 2 * PANEL_W, 0, PANEL_W, PANEL_H);
        } finally {
            g.dispose();
        }
        return img;
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
