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
 * volume labels alone to score held-out volumes well above chance. Here learning starts between steps 40 and
 * 80 for every seed tried (1–8, one and two threads); 240 steps leave a wide margin for another CPU's rounding.
 */
class WeakLabelLearningTest {
    @Test
    void withPoolingTheClassifierLearnsSmallLesionsFromVolumeLabels(@TempDir Path dir) throws Exception {
        List<LabeledVolume> train = TestVolumes.smallLesions(16, 24, 1);
        List<LabeledVolume> val = TestVolumes.smallLesions(12, 24, 2);
        TrainingConfig cfg = new TrainingConfig(
                new TrainingConfig.Model("resnet10t", "gn", null, 32, "none", "cpu"),
                new TrainingConfig.Training(
                                240, 4, 8, 2e-3, 0.05, 20, 1000, 40, 32, 20, 5L, 2, null, null, null, null, null, null)
                        .withWeakLabels("lse", 5.0, true, "foreground"),
                Augmentation.DEFAULT);
        TrainingRun.Result r =
                new TrainingRun(cfg, train, val, dir).run(false, Long.MAX_VALUE, (s, t, l, lr, sps) -> {});
        TrainingRun.Validation v = r.validation();
        String curve = TestVolumes.assertLearned("WeakLabelLearningTest", dir, v, 0.85, 0.75);
        // About one plane in five meets a positive volume's ball, so a perfect lesion detector's slice AUC against
        // volume labels is near 0.6; the log carries it on every validation line.
        assertTrue(
                v.perfectDetectorSliceAuc() > 0.5 && v.perfectDetectorSliceAuc() < 0.8,
                "perfect detector's slice AUC " + v.perfectDetectorSliceAuc());
        String last = curve.substring(curve.lastIndexOf('\n') + 1);
        assertTrue(last.contains("\"valPerfectDetectorSliceAuc\":" + v.perfectDetectorSliceAuc()), last);
    }
}
