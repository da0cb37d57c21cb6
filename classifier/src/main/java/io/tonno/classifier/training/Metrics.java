package io.tonno.classifier.training;

/**
 * Classification metrics as pure functions of scores (higher = more positive) and binary labels.
 */
public final class Metrics {
    private Metrics() {}

    /**
     * Area under the ROC curve by the Mann–Whitney statistic, ties counting one half.
     *
     * @return in [0, 1]; {@code NaN} when one class is absent
     */
    public static double auc(double[] scores, float[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] > 0.5f) {
                    rankSumPos += midRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
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
