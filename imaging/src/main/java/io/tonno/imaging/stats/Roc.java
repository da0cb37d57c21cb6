package io.tonno.imaging.stats;

import java.util.Arrays;

/**
 * The area under the ROC curve of scores (higher = more positive) against binary labels, by the Mann–Whitney
 * statistic: the probability that a random positive scores above a random negative, ties counting one half. The
 * one implementation: the classifier's validation (slice and volume AUC) and the evaluation's volume AUC of a
 * heatmap's peak both call it.
 */
public final class Roc {
    private Roc() {}

    /**
     * @param scores   one finite or infinite score per item (NaN is rejected: it has no rank)
     * @param positive the item's label, {@code true} = positive; same length as {@code scores}
     * @return in [0, 1]; {@code NaN} when one class is absent
     * @throws IllegalArgumentException when the lengths differ or a score is NaN
     */
    public static double auc(double[] scores, boolean[] positive) {
        int n = scores.length;
        if (positive.length != n) {
            throw new IllegalArgumentException(n + " scores but " + positive.length + " labels");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
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
                if (positive[order[k]]) {
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
}
