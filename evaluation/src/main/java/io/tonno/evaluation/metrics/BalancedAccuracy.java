package io.tonno.evaluation.metrics;

/**
 * Volume-level balanced accuracy (method.md §10): a volume is called positive when its binarized
 * heatmap is non-empty; the score is the mean of sensitivity and specificity over volumes.
 *
 * <p>Edge case, as scikit-learn's {@code balanced_accuracy_score}: the recall of each class is
 * averaged over the classes present in the labels, so a dataset with only positive volumes scores
 * its sensitivity. No volumes at all gives NaN.
 */
public final class BalancedAccuracy {
    private BalancedAccuracy() {}

    /**
     * @param labels            true volume labels, 0 or 1
     * @param predictedPositive whether each volume's binarization is non-empty
     */
    public static double compute(int[] labels, boolean[] predictedPositive) {
        if (labels.length != predictedPositive.length) {
            throw new IllegalArgumentException(
                    labels.length + " labels but " + predictedPositive.length + " predictions");
        }
        long pos = 0;
        long neg = 0;
        long tp = 0;
        long tn = 0;
        for (int n = 0; n < labels.length; n++) {
            if (labels[n] != 0 && labels[n] != 1) {
                throw new IllegalArgumentException("label of volume " + n + " must be 0 or 1, got " + labels[n]);
            }
            if (labels[n] == 1) {
                pos++;
                tp += predictedPositive[n] ? 1 : 0;
            } else {
                neg++;
                tn += predictedPositive[n] ? 0 : 1;
            }
        }
        if (pos == 0 && neg == 0) {
            return Double.NaN;
        }
        if (pos == 0) {
            return tn / (double) neg;
        }
        if (neg == 0) {
            return tp / (double) pos;
        }
        return 0.5 * (tp / (double) pos + tn / (double) neg);
    }
}
