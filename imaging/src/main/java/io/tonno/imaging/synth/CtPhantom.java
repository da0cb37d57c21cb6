package io.tonno.imaging.synth;

import io.tonno.imaging.Volume;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A CT-like chest phantom in Hounsfield units for benchmarks: air −1000 outside an elliptic body cylinder
 * (soft tissue 40 HU), two lungs (−850 HU), a spine (700 HU) and Gaussian noise (σ 20 HU), on a given grid
 * (axis 2 is the body axis). Deterministic per seed; slices are filled in parallel from per-slice seeds.
 */
public final class CtPhantom {
    private CtPhantom() {}

    /** A phantom of the given shape and spacing (mm) with a diagonal affine. */
    public static Volume generate(int[] shape, double[] spacing, long seed) {
        Volume v = Volume.zeros(shape, spacing, Volume.diagonalAffine(spacing));
        float[] d = v.data();
        int nx = shape[0];
        int ny = shape[1];
        long[] seeds = new SplittableRandom(seed).longs(shape[2]).toArray();
        IntStream.range(0, shape[2]).parallel().forEach(k -> {
            SplittableRandom r = new SplittableRandom(seeds[k]);
            for (int j = 0; j < ny; j++) {
                double y = (j - ny / 2.0) / (ny / 2.0);
                for (int i = 0; i < nx; i++) {
                    double x = (i - nx / 2.0) / (nx / 2.0);
                    double hu;
                    if (x * x / 0.81 + y * y / 0.49 > 1) {
                        hu = -1000;
                    } else if (Math.pow((Math.abs(x) - 0.4) / 0.28, 2) + Math.pow(y / 0.45, 2) < 1) {
                        hu = -850;
                    } else if (Math.pow(x / 0.08, 2) + Math.pow((y - 0.45) / 0.1, 2) < 1) {
                        hu = 700;
                    } else {
                        hu = 40;
                    }
                    d[i + nx * (j + ny * k)] = (float) (hu + 20 * r.nextGaussian());
                }
            }
        });
        return v;
    }
}
