package io.tonno.evaluation.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PercentileTest {
    /** numpy.percentile's default: sort, then interpolate linearly between neighbouring ranks. */
    private static double bySorting(float[] v, double p) {
        float[] s = v.clone();
        Arrays.sort(s);
        double rank = p / 100 * (s.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (rank - lo) * ((double) s[hi] - s[lo]);
    }

    @Test
    void matchesSortingOnSkewedDataWithNegativesAndOutliers() {
        SplittableRandom r = new SplittableRandom(3);
        float[] v = new float[20_001];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 1e-3 - 0.5);
        }
        v[17] = 1e30f;
        v[99] = -3e20f;
        for (double p : new double[] {0, 1, 37.5, 50, 99, 99.9, 100}) {
            assertEquals(bySorting(v, p), Percentile.of(v, null, p), 0, "p=" + p);
        }
    }

    @Test
    void usesOnlyConsideredFiniteEntries() {
        float[] v = {5, Float.NaN, 1, 100, 3, Float.POSITIVE_INFINITY, -0f, 0f};
        boolean[] c = {true, true, true, false, true, true, true, true};
        // Kept: 5, 1, 3, -0, 0 -> sorted 0, 0, 1, 3, 5; median 1, 90th = 3 + 0.6 * 2.
        assertEquals(1.0, Percentile.of(v, c, 50), 0);
        assertEquals(4.2, Percentile.of(v, c, 90), 1e-6);
        assertEquals(Double.NaN, Percentile.of(new float[] {Float.NaN}, null, 50));
    }

    @Test
    void keysPreserveFloatOrder() {
        float[] xs = {Float.NEGATIVE_INFINITY, -1e30f, -1f, -Float.MIN_VALUE, 0f, Float.MIN_VALUE, 1f, 1e30f};
        for (int i = 1; i < xs.length; i++) {
            assertEquals(-1, Integer.compareUnsigned(Percentile.key(xs[i - 1]), Percentile.key(xs[i])));
            assertEquals(xs[i], Percentile.fromKey(Percentile.key(xs[i])));
        }
    }
}
