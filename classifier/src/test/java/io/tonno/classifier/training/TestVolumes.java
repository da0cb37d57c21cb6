package io.tonno.classifier.training;

import io.tonno.classifier.sampling.Xoshiro256;
import io.tonno.imaging.Volume;
import java.util.ArrayList;
import java.util.List;

/** Tiny labelled volumes for training tests: a dim ball "body"; positives add a bright sphere inside it. */
public final class TestVolumes {
    private TestVolumes() {
    }

    public static List<LabeledVolume> spheres(int count, int n, long seed) {
        Xoshiro256 rng = new Xoshiro256(seed);
        List<LabeledVolume> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            int label = c % 2;
            Volume v = Volume.zeros(n, n, n);
            double r = n * (0.12 + 0.05 * rng.nextDouble());
            double[] centre = new double[3];
            for (int a = 0; a < 3; a++) {
                centre[a] = n / 2.0 + (rng.nextDouble() - 0.5) * n * 0.3;
            }
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < n; i++) {
                        double bx = (i - (n - 1) / 2.0) / (0.45 * n);
                        double by = (j - (n - 1) / 2.0) / (0.45 * n);
                        double bz = (k - (n - 1) / 2.0) / (0.45 * n);
                        if (bx * bx + by * by + bz * bz > 1) {
                            continue;
                        }
                        double value = 0.3 + 0.05 * rng.nextGaussian();
                        double dx = i - centre[0];
                        double dy = j - centre[1];
                        double dz = k - centre[2];
                        if (label == 1 && dx * dx + dy * dy + dz * dz <= r * r) {
                            value += 0.6;
                        }
                        v.set(i, j, k, (float) value);
                    }
                }
            }
            out.add(new LabeledVolume("case" + c, v, label));
        }
        return out;
    }
}
