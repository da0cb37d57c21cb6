package io.tonno.classifier.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.classifier.sampling.Augmentation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short learning run with the weak-label options on small lesions: positives carry one bright ball of radius
 * 2 voxels in a noisy 24³ body, so a random plane meets it in about one case in five. The network must learn from
 * volume labels alone to score held-out volumes well above chance.
 */
class WeakLabelLearningTest {
    @Test
    void withPoolingTheClassifierLearnsSmallLesionsFromVolumeLabels(@TempDir Path dir) throws Exception {
        List<LabeledVolume> train = TestVolumes.smallLesions(16, 24, 1);
        List<LabeledVolume> val = TestVolumes.smallLesions(12, 24, 2);
        TrainingConfig cfg = new TrainingConfig(
                new TrainingConfig.Model("resnet10t", "gn", null, 32, "none", "cpu"),
                new TrainingConfig.Training(160, 4, 8, 2e-3, 0.05, 20, 1000, 160, 32, 20, 5L, 2)
                        .withWeakLabels("lse", 5.0, true, "foreground"),
                Augmentation.DEFAULT);
        Trainer.Result r = new Trainer(cfg, train, val, dir).run(false, Long.MAX_VALUE, (s, t, l, lr, sps) -> { });
        Trainer.Validation v = r.validation();
        System.err.println("WeakLabelLearningTest: volume AUC " + v.volumeAuc() + ", lesion-slice AUC " + v.lesionSliceAuc());
        assertTrue(v.volumeAuc() >= 0.85, "volume AUC " + v.volumeAuc());
        assertTrue(v.lesionSliceAuc() >= 0.75, "lesion-slice AUC " + v.lesionSliceAuc());
    }
}
