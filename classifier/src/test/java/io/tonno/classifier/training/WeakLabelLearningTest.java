package io.tonno.classifier.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.classifier.sampling.Augmentation;
import io.tonno.classifier.sampling.Xoshiro256;
import io.tonno.imaging.Volume;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short learning run with the weak-label options on small lesions: positives carry one bright ball of radius
 * 2 voxels in a noisy 24³ body, so a random plane meets it in about one case in five. The network must learn from
 * volume labels alone to score held-out volumes well above chance.
 */
class WeakLabelLearningTest {
    static List<LabeledVolume> smallLesions(int count, long seed) {
        int n = 24;
        Xoshiro256 rng = new Xoshiro256(seed);
        List<LabeledVolume> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            int label = c % 2;
            Volume v = Volume.zeros(n, n, n);
            Volume mask = Volume.zeros(n, n, n);
            double[] centre = new double[3];
            for (int a = 0; a < 3; a++) {
                centre[a] = n / 2.0 + (rng.nextDouble() - 0.5) * n * 0.4;
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
                        if (label == 1 && dx * dx + dy * dy + dz * dz <= 4.0) {
                            value += 0.5;
                            mask.set(i, j, k, 1f);
                        }
                        v.set(i, j, k, (float) value);
                    }
                }
            }
            out.add(new LabeledVolume("case" + c, v, label, mask));
        }
        return out;
    }

    @Test
    void withPoolingTheClassifierLearnsSmallLesionsFromVolumeLabels(@TempDir Path dir) throws Exception {
        List<LabeledVolume> train = smallLesions(16, 1);
        List<LabeledVolume> val = smallLesions(12, 2);
        TrainingConfig cfg = new TrainingConfig(
                new TrainingConfig.Model("resnet10t", "gn", null, 32, "none", "cpu"),
                new TrainingConfig.Training(160, 4, 8, 2e-3, 0.05, 20, 1000, 160, 32, 20, 5L, 2)
                        .withWeakLabels("lse", 5.0, true, "foreground"),
                Augmentation.DEFAULT);
        Trainer.Result r = new Trainer(cfg, train, val, dir).run(false, Long.MAX_VALUE, (s, t, l, lr, sps) -> { });
        Trainer.Validation v = r.validation();
        assertTrue(v.volumeAuc() >= 0.85, "volume AUC " + v.volumeAuc());
        assertTrue(v.lesionSliceAuc() >= 0.75, "lesion-slice AUC " + v.lesionSliceAuc());
    }
}
