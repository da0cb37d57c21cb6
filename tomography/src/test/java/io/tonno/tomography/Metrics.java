package io.tonno.tomography;

import io.tonno.imaging.Volume;

/** Scale-free comparisons of heatmaps (the map reconstructions have their own scales). */
final class Metrics {
    private Metrics() {}

    /** min over a of ||a·got - want|| / ||want||, over voxels within {@code radius}. */
    static double scaledError(Volume got, Volume want, double radius) {
        double gw = 0;
        double gg = 0;
        double ww = 0;
        int n = want.nx();
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    if (inside(i, j, k, n, radius)) {
                        double g = got.get(i, j, k);
                        double w = want.get(i, j, k);
                        gw += g * w;
                        gg += g * g;
                        ww += w * w;
                    }
                }
            }
        }
        double a = gw / gg;
        return Math.sqrt(Math.max(0, ww - 2 * a * gw + a * a * gg) / ww);
    }

    /**
     * High-frequency energy ratio: the energy of the discrete Laplacian over the energy of the volume minus
     * its mean, over interior voxels within {@code radius}. Blurring lowers it; it ignores the scale.
     */
    static double highFrequencyRatio(Volume v, double radius) {
        int n = v.nx();
        double mean = 0;
        int count = 0;
        for (int k = 1; k < n - 1; k++) {
            for (int j = 1; j < n - 1; j++) {
                for (int i = 1; i < n - 1; i++) {
                    if (inside(i, j, k, n, radius)) {
                        mean += v.get(i, j, k);
                        count++;
                    }
                }
            }
        }
        mean /= count;
        double lap = 0;
        double var = 0;
        for (int k = 1; k < n - 1; k++) {
            for (int j = 1; j < n - 1; j++) {
                for (int i = 1; i < n - 1; i++) {
                    if (inside(i, j, k, n, radius)) {
                        double c = v.get(i, j, k);
                        double l = v.get(i + 1, j, k)
                                + v.get(i - 1, j, k)
                                + v.get(i, j + 1, k)
                                + v.get(i, j - 1, k)
                                + v.get(i, j, k + 1)
                                + v.get(i, j, k - 1)
                                - 6 * c;
                        lap += l * l;
                        var += (c - mean) * (c - mean);
                    }
                }
            }
        }
        return lap / var;
    }

    private static boolean inside(int i, int j, int k, int n, double radius) {
        double x = Phantoms.c(i, n);
        double y = Phantoms.c(j, n);
        double z = Phantoms.c(k, n);
        return x * x + y * y + z * z <= radius * radius;
    }

    /** The largest absolute value of {@code values} (0 for none). */
    static double maxAbs(double[] values) {
        double m = 0;
        for (double x : values) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
