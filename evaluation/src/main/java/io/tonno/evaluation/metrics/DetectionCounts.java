package io.tonno.evaluation.metrics;

/**
 * Lesion-wise detection counts of one volume or, summed with {@link #plus}, of a dataset (method.md
 * §10: counts are pooled over the dataset before precision and recall are taken).
 *
 * @param truthComponents  ground-truth components (or boxes)
 * @param truthDetected    ground-truth components overlapped by at least one predicted voxel
 * @param predComponents   predicted components
 * @param predTruePositive predicted components overlapping at least one ground-truth voxel
 */
public record DetectionCounts(long truthComponents, long truthDetected, long predComponents, long predTruePositive) {
    /** No components at all. */
    public static final DetectionCounts ZERO = new DetectionCounts(0, 0, 0, 0);

    public DetectionCounts {
        if (truthDetected < 0
                || truthDetected > truthComponents
                || predTruePositive < 0
                || predTruePositive > predComponents) {
            throw new IllegalArgumentException("inconsistent detection counts: " + truthDetected + "/" + truthComponents
                    + " detected, " + predTruePositive + "/" + predComponents + " true positive");
        }
    }

    /** Component-wise sum. */
    public DetectionCounts plus(DetectionCounts o) {
        return new DetectionCounts(
                truthComponents + o.truthComponents,
                truthDetected + o.truthDetected,
                predComponents + o.predComponents,
                predTruePositive + o.predTruePositive);
    }

    /** What a ratio with a zero denominator is. */
    public enum ZeroDivision {
        /** 0, as scikit-learn's default {@code zero_division}; a silent method scores 0, not NaN. */
        ZERO,
        /** NaN: undefined. */
        NAN
    }

    /** {@code predTruePositive / predComponents}. */
    public double precision(ZeroDivision zd) {
        return ratio(predTruePositive, predComponents, zd);
    }

    /** {@code truthDetected / truthComponents}. */
    public double recall(ZeroDivision zd) {
        return ratio(truthDetected, truthComponents, zd);
    }

    /** {@code 2PR / (P + R)}; when {@code P + R = 0} it follows {@code zd}; NaN if P or R is NaN. */
    public double f1(ZeroDivision zd) {
        double p = precision(zd);
        double r = recall(zd);
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.NaN;
        }
        return p + r == 0 ? (zd == ZeroDivision.ZERO ? 0.0 : Double.NaN) : 2 * p * r / (p + r);
    }

    private static double ratio(long num, long den, ZeroDivision zd) {
        if (den == 0) {
            return zd == ZeroDivision.ZERO ? 0.0 : Double.NaN;
        }
        return num / (double) den;
    }
}
