package io.tonno.evaluation.metrics;

import java.util.Objects;

/**
 * The Dice coefficient {@code 2|P ∩ T| / (|P| + |T|)} of two binary masks of equal length (any layout,
 * as long as both share it).
 *
 * <p>Edge cases: when the truth is empty and the prediction is not (or the reverse) Dice is 0. When
 * both are empty the ratio is 0/0 and {@link BothEmpty} decides: {@link BothEmpty#ONE} (default; a
 * correctly silent prediction on a negative volume is perfect) or {@link BothEmpty#EXCLUDE}, which
 * returns NaN so that {@link #mean(double[])} skips the volume.
 */
public final class Dice {
    /** What Dice is when prediction and truth are both empty. */
    public enum BothEmpty {
        /** Dice = 1. */
        ONE,
        /** Dice = NaN, and the volume is left out of the average. */
        EXCLUDE
    }

    private Dice() {}

    /** Dice of {@code pred} against {@code truth}; see the class comment for empty masks. */
    public static double dice(boolean[] pred, boolean[] truth, BothEmpty bothEmpty) {
        Objects.requireNonNull(bothEmpty, "bothEmpty");
        if (pred.length != truth.length) {
            throw new IllegalArgumentException("prediction has " + pred.length + " voxels, truth " + truth.length);
        }
        long p = 0;
        long t = 0;
        long both = 0;
        for (int n = 0; n < pred.length; n++) {
            if (pred[n]) {
                p++;
                if (truth[n]) {
                    both++;
                }
            }
            if (truth[n]) {
                t++;
            }
        }
        return fromCounts(both, p, t, bothEmpty);
    }

    /** Dice from counts: {@code intersection}, {@code |P|}, {@code |T|}. */
    public static double fromCounts(long intersection, long predicted, long truth, BothEmpty bothEmpty) {
        if (predicted + truth == 0) {
            return bothEmpty == BothEmpty.ONE ? 1.0 : Double.NaN;
        }
        return 2.0 * intersection / (predicted + truth);
    }

    /** The mean of the non-NaN values, NaN when there are none. */
    public static double mean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
