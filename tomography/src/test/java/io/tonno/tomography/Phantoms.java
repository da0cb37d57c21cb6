package io.tonno.tomography;

import io.tonno.imaging.Volume;

/** Test volumes on the cube {@code [-1,1]^3} (align corners) and the measures the tests use. */
final class Phantoms {
    private Phantoms() {}

    interface Field {
        double at(double x, double y, double z);
    }

    static Volume sample(int n, Field f) {
        Volume v = Volume.zeros(n, n, n);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    v.set(i, j, k, (float) f.at(c(i, n), c(j, n), c(k, n)));
                }
            }
        }
        return v;
    }

    static double c(int i, int n) {
        return 2.0 * i / (n - 1) - 1;
    }

    /** A centred Gaussian of standard deviation {@code sigma} (cube units), peak 1. */
    static Volume gaussianBlob(int n, double sigma) {
        return sample(n, (x, y, z) -> Math.exp(-(x * x + y * y + z * z) / (2 * sigma * sigma)));
    }

    /** Several off-centre Gaussians of different widths and signs, all inside the unit ball. */
    static Volume smoothStructure(int n) {
        return sample(
                n,
                (x, y, z) -> gauss(x - 0.3, y + 0.1, z, 0.22)
                        + 0.7 * gauss(x + 0.35, y - 0.25, z + 0.1, 0.17)
                        + 0.5 * gauss(x, y + 0.2, z - 0.4, 0.18)
                        - 0.3 * gauss(x + 0.1, y - 0.1, z + 0.35, 0.15));
    }

    private static double gauss(double x, double y, double z, double s) {
        return Math.exp(-(x * x + y * y + z * z) / (2 * s * s));
    }

    /** Sharp-edged ellipsoids (piecewise constant, contrasts 0.3 to 1) inside the unit ball. */
    static Volume ellipsoids(int n) {
        return sample(n, (x, y, z) -> {
            double v = 0;
            if (inside(x, y, z, 0, 0, 0, 0.69, 0.8, 0.6)) {
                v += 1;
            }
            if (inside(x, y, z, 0.05, -0.02, 0.05, 0.4, 0.5, 0.35)) {
                v -= 0.4;
            }
            if (inside(x, y, z, 0.22, 0.1, 0, 0.15, 0.3, 0.2)) {
                v += 0.5;
            }
            if (inside(x, y, z, -0.22, 0.1, 0.1, 0.2, 0.2, 0.25)) {
                v += 0.4;
            }
            if (inside(x, y, z, 0, -0.35, -0.1, 0.12, 0.1, 0.12)) {
                v += 0.6;
            }
            return v;
        });
    }

    private static boolean inside(
            double x, double y, double z, double cx, double cy, double cz, double ax, double ay, double az) {
        double dx = (x - cx) / ax;
        double dy = (y - cy) / ay;
        double dz = (z - cz) / az;
        return dx * dx + dy * dy + dz * dz <= 1;
    }

    /** Relative L2 error of {@code got} to {@code want} over voxels within {@code radius} of the centre. */
    static double relativeL2(Volume got, Volume want, double radius) {
        double num = 0;
        double den = 0;
        int n = want.nx();
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    if (r2(i, j, k, n) <= radius * radius) {
                        double d = got.get(i, j, k) - want.get(i, j, k);
                        num += d * d;
                        den += (double) want.get(i, j, k) * want.get(i, j, k);
                    }
                }
            }
        }
        return Math.sqrt(num / den);
    }

    /** Mean of {@code got} over the mean of {@code want}, within {@code radius}. */
    static double meanRatio(Volume got, Volume want, double radius) {
        double a = 0;
        double b = 0;
        int n = want.nx();
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    if (r2(i, j, k, n) <= radius * radius) {
                        a += got.get(i, j, k);
                        b += want.get(i, j, k);
                    }
                }
            }
        }
        return a / b;
    }

    private static double r2(int i, int j, int k, int n) {
        double x = c(i, n);
        double y = c(j, n);
        double z = c(k, n);
        return x * x + y * y + z * z;
    }
}
