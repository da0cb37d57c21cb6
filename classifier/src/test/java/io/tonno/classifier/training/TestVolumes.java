package io.tonno.classifier.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.classifier.sampling.Xoshiro256;
import io.tonno.imaging.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Tiny labelled volumes for training tests: a dim ball "body"; positives add a bright sphere inside it. */
public final class TestVolumes {
    private TestVolumes() {}

    public static List<LabeledVolume> spheres(int count, int n, long seed) {
        Xoshiro256 rng = new Xoshiro256(seed);
        List<LabeledVolume> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            int label = c % 2;
            double r = n * (0.12 + 0.05 * rng.nextDouble());
            double[] centre = centre(rng, n, 0.3);
            out.add(new LabeledVolume("case" + c, body(rng, n, label == 1 ? centre : null, r, 0.6, null), label));
        }
        return out;
    }

    /**
     * Volumes whose positives carry one bright ball of radius 2 voxels (+0.5), with its mask; negatives have an
     * empty mask.
     */
    public static List<LabeledVolume> smallLesions(int count, int n, long seed) {
        Xoshiro256 rng = new Xoshiro256(seed);
        List<LabeledVolume> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            int label = c % 2;
            double[] centre = centre(rng, n, 0.4);
            Volume mask = Volume.zeros(n, n, n);
            Volume v = body(rng, n, label == 1 ? centre : null, 2.0, 0.5, mask);
            out.add(new LabeledVolume("case" + c, v, label, mask));
        }
        return out;
    }

    private static double[] centre(Xoshiro256 rng, int n, double spread) {
        double[] centre = new double[3];
        for (int a = 0; a < 3; a++) {
            centre[a] = n / 2.0 + (rng.nextDouble() - 0.5) * n * spread;
        }
        return centre;
    }

    /** The noisy body ball (0.3 ± 0.05 inside radius 0.45·n); with a lesion centre, {@code add} inside radius {@code r}. */
    private static Volume body(Xoshiro256 rng, int n, double[] lesion, double r, double add, Volume mask) {
        Volume v = Volume.zeros(n, n, n);
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
                    if (lesion != null) {
                        double dx = i - lesion[0];
                        double dy = j - lesion[1];
                        double dz = k - lesion[2];
                        if (dx * dx + dy * dy + dz * dz <= r * r) {
                            value += add;
                            if (mask != null) {
                                mask.set(i, j, k, 1f);
                            }
                        }
                    }
                    v.set(i, j, k, (float) value);
                }
            }
        }
        return v;
    }

    /**
     * Asserts that a run learned: its final validation volume AUC and lesion-slice AUC at least the bars. Prints them
     * with the run's validation lines (where learning starts tells a slow start from a network that never learns, a
     * wrong engine for instance: Engines.verifyConvolution), which also go into the failure messages; returns those
     * lines.
     */
    static String assertLearned(
            String test, Path runDir, TrainingRun.Validation v, double minVolumeAuc, double minLesionSliceAuc)
            throws IOException {
        String curve = Files.readAllLines(runDir.resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("valVolumeAuc"))
                .collect(Collectors.joining("\n"));
        System.err.println(
                test + ": volume AUC " + v.volumeAuc() + ", lesion-slice AUC " + v.lesionSliceAuc() + "\n" + curve);
        assertTrue(v.volumeAuc() >= minVolumeAuc, "volume AUC " + v.volumeAuc() + "; validations:\n" + curve);
        assertTrue(
                v.lesionSliceAuc() >= minLesionSliceAuc,
                "lesion-slice AUC " + v.lesionSliceAuc() + "; validations:\n" + curve);
        return curve;
    }
}
