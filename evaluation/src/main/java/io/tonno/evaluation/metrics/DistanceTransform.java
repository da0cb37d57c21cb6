package io.tonno.evaluation.metrics;

import java.util.Arrays;

/**
 * Exact Euclidean distance transform with anisotropic spacing (Felzenszwalb and Huttenlocher,
 * "Distance Transforms of Sampled Functions", Theory of Computing 2012): for every voxel, the squared
 * distance in mm² between voxel centres to the nearest feature voxel, computed separably along the
 * three axes in {@code O(n)}. Layout as {@link io.tonno.imaging.Volume}: axis 0 fastest.
 */
final class DistanceTransform {
    private DistanceTransform() {}

    /**
     * @return squared distances, {@code +inf} everywhere when there is no feature voxel
     */
    static double[] squared(boolean[] feature, int nx, int ny, int nz, double[] spacing) {
        double[] d = new double[feature.length];
        for (int n = 0; n < d.length; n++) {
            d[n] = feature[n] ? 0 : Double.POSITIVE_INFINITY;
        }
        int maxLen = Math.max(nx, Math.max(ny, nz));
        double[] f = new double[maxLen];
        double[] out = new double[maxLen];
        int[] v = new int[maxLen];
        double[] z = new double[maxLen + 1];
        // Axis 0.
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                int base = nx * (j + ny * k);
                pass(d, base, 1, nx, spacing[0], f, out, v, z);
            }
        }
        // Axis 1.
        for (int k = 0; k < nz; k++) {
            for (int i = 0; i < nx; i++) {
                pass(d, i + nx * ny * k, nx, ny, spacing[1], f, out, v, z);
            }
        }
        // Axis 2.
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                pass(d, i + nx * j, nx * ny, nz, spacing[2], f, out, v, z);
            }
        }
        return d;
    }

    /** One 1D lower-envelope pass over {@code len} samples starting at {@code base} with {@code stride}. */
    private static void pass(
            double[] d, int base, int stride, int len, double h, double[] f, double[] out, int[] v, double[] z) {
        for (int q = 0; q < len; q++) {
            f[q] = d[base + q * stride];
        }
        // Only finite samples are parabola sites; a line without any stays infinite.
        int k = -1;
        for (int q = 0; q < len; q++) {
            if (f[q] == Double.POSITIVE_INFINITY) {
                continue;
            }
            double pq = q * h;
            double s = Double.NEGATIVE_INFINITY;
            while (k >= 0) {
                double pv = v[k] * h;
                s = ((f[q] + pq * pq) - (f[v[k]] + pv * pv)) / (2 * (pq - pv));
                if (s <= z[k]) {
                    k--;
                } else {
                    break;
                }
            }
            k++;
            v[k] = q;
            z[k] = k == 0 ? Double.NEGATIVE_INFINITY : s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        if (k < 0) {
            return;
        }
        int m = 0;
        for (int q = 0; q < len; q++) {
            double pq = q * h;
            while (z[m + 1] < pq) {
                m++;
            }
            double diff = pq - v[m] * h;
            out[q] = diff * diff + f[v[m]];
        }
        for (int q = 0; q < len; q++) {
            d[base + q * stride] = out[q];
        }
        Arrays.fill(out, 0, len, 0);
    }
}
