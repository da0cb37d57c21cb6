package io.tonno.imaging.stats;

import java.util.function.IntToDoubleFunction;

/**
 * Pearson's correlation of two equally long series (two heatmaps voxel by voxel, two score vectors), in double
 * precision: {@code Σ(a−ā)(b−b̄) / √(Σ(a−ā)² Σ(b−b̄)²)}. A constant series has no defined correlation; here two constant
 * series correlate 1 and a constant with a varying one 0.
 */
public final class Correlation {
    private Correlation() {}

    /** Of two float arrays of the same length. */
    public static double pearson(float[] a, float[] b) {
        requireSameLength(a.length, b.length);
        return pearson(a.length, i -> a[i], i -> b[i]);
    }

    /** Of two double arrays of the same length. */
    public static double pearson(double[] a, double[] b) {
        requireSameLength(a.length, b.length);
        return pearson(a.length, i -> a[i], i -> b[i]);
    }

    private static double pearson(int n, IntToDoubleFunction a, IntToDoubleFunction b) {
        if (n == 0) {
            throw new IllegalArgumentException("correlation of empty series");
        }
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a.applyAsDouble(i);
            mb += b.applyAsDouble(i);
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double x = a.applyAsDouble(i) - ma;
            double y = b.applyAsDouble(i) - mb;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        return saa == 0 || sbb == 0 ? (saa == sbb ? 1 : 0) : sab / Math.sqrt(saa * sbb);
    }

    private static void requireSameLength(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("correlation of series of " + a + " and " + b + " values");
        }
    }
}
