package io.tonno.evaluation.calibration;

/**
 * Exact percentiles of a float array (optionally of masked voxels only) with numpy's default linear
 * interpolation, in {@code O(n)} time and {@code O(1)} extra memory: each needed order statistic is
 * found by a two-level radix select on the floats' order-preserving 32-bit keys (two passes of 65,536-bin
 * histograms), so even a 512³ heatmap with extreme outliers is never copied or sorted.
 * NaN and infinite values are skipped.
 */
public final class Percentile {
    private static final int BINS = 1 << 16;

    private Percentile() {}

    /**
     * @param values     the data
     * @param considered which entries count ({@code null} = all), same length
     * @param p          percentile in [0, 100]
     * @return the percentile, NaN when no entry counts
     */
    public static double of(float[] values, boolean[] considered, double p) {
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + p);
        }
        long n = 0;
        for (int i = 0; i < values.length; i++) {
            if (keep(values, considered, i)) {
                n++;
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        double rank = p / 100.0 * (n - 1);
        long r0 = (long) Math.floor(rank);
        long r1 = Math.min(n - 1, r0 + 1);
        double v0 = select(values, considered, r0);
        double v1 = r1 == r0 ? v0 : select(values, considered, r1);
        return v0 + (rank - r0) * (v1 - v0);
    }

    /** The value of 0-based rank {@code r} among the kept entries. */
    static float select(float[] values, boolean[] considered, long r) {
        long[] hist = new long[BINS];
        for (int i = 0; i < values.length; i++) {
            if (keep(values, considered, i)) {
                hist[key(values[i]) >>> 16]++;
            }
        }
        int high = 0;
        long before = 0;
        while (before + hist[high] <= r) {
            before += hist[high];
            high++;
        }
        java.util.Arrays.fill(hist, 0);
        for (int i = 0; i < values.length; i++) {
            if (keep(values, considered, i)) {
                int k = key(values[i]);
                if (k >>> 16 == high) {
                    hist[k & 0xFFFF]++;
                }
            }
        }
        int low = 0;
        while (before + hist[low] <= r) {
            before += hist[low];
            low++;
        }
        return fromKey((high << 16) | low);
    }

    private static boolean keep(float[] v, boolean[] considered, int i) {
        return (considered == null || considered[i]) && Float.isFinite(v[i]);
    }

    /** An int whose unsigned order is the float order (negatives flipped, sign bit toggled). */
    static int key(float x) {
        int bits = Float.floatToIntBits(x == 0f ? 0f : x); // -0 and +0 compare equal; give them one key
        return bits < 0 ? ~bits : bits ^ 0x80000000;
    }

    static float fromKey(int key) {
        int bits = key < 0 ? key ^ 0x80000000 : ~key;
        return Float.intBitsToFloat(bits);
    }
}
