package io.tonno.classifier.training;

import io.tonno.imaging.stats.Roc;

/**
 * Classification metrics as pure functions of scores (higher = more positive) and binary labels.
 */
public final class Metrics {
    private Metrics() {}

    /**
     * Area under the ROC curve ({@link Roc#auc}), labels above 0.5 positive.
     *
     * @return in [0, 1]; {@code NaN} when one class is absent or a score is NaN (a diverged network)
     */
    public static double auc(double[] scores, float[] labels) {
        boolean[] positive = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            positive[i] = labels[i] > 0.5f;
        }
        for (double s : scores) {
            if (Double.isNaN(s)) {
                return Double.NaN;
            }
        }
        return Roc.auc(scores, positive);
    }

    /**
     * Mean of sensitivity and specificity when {@code score > threshold} predicts positive.
     *
     * @return in [0, 1]; {@code NaN} when one class is absent
     */
    public static double balancedAccuracy(double[] scores, float[] labels, double threshold) {
        long tp = 0;
        long tn = 0;
        long pos = 0;
        long neg = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] > threshold;
            if (labels[i] > 0.5f) {
                pos++;
                tp += predicted ? 1 : 0;
            } else {
                neg++;
                tn += predicted ? 0 : 1;
            }
        }
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return 0.5 * ((double) tp / pos + (double) tn / neg);
    }
}
