package io.tonno.imaging.preprocess;

import java.util.Arrays;

/**
 * Exact percentiles with numpy's default (linear) interpolation, without copying or sorting the whole
 * array: a 65,536-bin histogram locates the bins holding the needed order statistics, and only the values
 * of those bins are collected and sorted. Memory stays small for 512³ volumes.
 */
final class Percentiles {
    private static final int BINS = 1 << 16;

    private Percentiles() {}

    /** Percentiles (0..100) of the non-zero finite voxels, or of all finite voxels when none is non-zero. */
    static double[] ofNonZero(float[] data, double... ps) {
        long nonZero = 0;
        for (float x : data) {
            if (x != 0 && Float.isFinite(x)) {
                nonZero++;
            }
        }
        return of(data, nonZero > 0, ps);
    }

    static double[] of(float[] data, boolean skipZeros, double... ps) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long n = 0;
        for (float x : data) {
            if (keep(x, skipZeros)) {
                min = Math.min(min, x);
                max = Math.max(max, x);
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no finite voxels to take percentiles of");
        }
        double[] out = new double[ps.length];
        if (min == max) {
            Arrays.fill(out, min);
            return out;
        }
        long[] hist = new long[BINS];
        double scale = (BINS - 1) / (max - min);
        for (float x : data) {
            if (keep(x, skipZeros)) {
                hist[(int) ((x - min) * scale)]++;
            }
        }
        for (int q = 0; q < ps.length; q++) {
            double rank = ps[q] / 100.0 * (n - 1);
            long r0 = (long) Math.floor(rank);
            long r1 = Math.min(n - 1, r0 + 1);
            double v0 = orderStatistic(data, skipZeros, hist, min, scale, r0);
            double v1 = r1 == r0 ? v0 : orderStatistic(data, skipZeros, hist, min, scale, r1);
            out[q] = v0 + (rank - r0) * (v1 - v0);
        }
        return out;
    }

    /** The value of 0-based rank {@code r} among the kept voxels. */
    private static double orderStatistic(
            float[] data, boolean skipZeros, long[] hist, double min, double scale, long r) {
        long before = 0;
        int bin = 0;
        while (before + hist[bin] <= r) {
            before += hist[bin];
            bin++;
        }
        float[] members = new float[(int) hist[bin]];
        int m = 0;
        for (float x : data) {
            if (keep(x, skipZeros) && (int) ((x - min) * scale) == bin) {
                members[m++] = x;
            }
        }
        Arrays.sort(members);
        return members[(int) (r - before)];
    }

    private static boolean keep(float x, boolean skipZeros) {
        return Float.isFinite(x) && !(skipZeros && x == 0);
    }
}
