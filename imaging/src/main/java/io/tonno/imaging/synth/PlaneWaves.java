package io.tonno.imaging.synth;

import java.util.SplittableRandom;

/**
 * Smooth random texture: a sum of plane waves {@code a·cos(k·x + φ)} with random directions and wavelengths.
 * Each wave is separable as a product of three complex exponentials, so the cost per voxel is a few
 * multiplications instead of a cosine.
 */
final class PlaneWaves {
    private PlaneWaves() {}

    static void add(
            float[] data,
            int n,
            SplittableRandom r,
            int waves,
            double minWavelength,
            double maxWavelength,
            double amplitude) {
        for (int w = 0; w < waves; w++) {
            double lambda = minWavelength + (maxWavelength - minWavelength) * r.nextDouble();
            double[] dir = unit(r);
            double kmag = 2 * Math.PI / lambda;
            double phase = 2 * Math.PI * r.nextDouble();
            double[][] re = new double[3][n];
            double[][] im = new double[3][n];
            for (int a = 0; a < 3; a++) {
                for (int x = 0; x < n; x++) {
                    double t = kmag * dir[a] * x + (a == 0 ? phase : 0);
                    re[a][x] = Math.cos(t);
                    im[a][x] = Math.sin(t);
                }
            }
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    // (j, k) part of exp(i(k·x + φ)), then times the i part: keep the real part.
                    double jkRe = re[1][j] * re[2][k] - im[1][j] * im[2][k];
                    double jkIm = re[1][j] * im[2][k] + im[1][j] * re[2][k];
                    int base = n * (j + n * k);
                    for (int i = 0; i < n; i++) {
                        data[base + i] += (float) (amplitude * (re[0][i] * jkRe - im[0][i] * jkIm));
                    }
                }
            }
        }
    }

    private static double[] unit(SplittableRandom r) {
        double z = 2 * r.nextDouble() - 1;
        double phi = 2 * Math.PI * r.nextDouble();
        double s = Math.sqrt(1 - z * z);
        return new double[] {s * Math.cos(phi), s * Math.sin(phi), z};
    }
}
