package io.tonno.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tonno.classifier.training.TrainingConfig;
import org.junit.jupiter.api.Test;

class BenchInputsTest {
    @Test
    void theBenchLoopKeepsTheBaseSettingsButTheWeakLabelOptions() {
        TrainingConfig.Training base = new TrainingConfig.Training(
                3000, 6, 12, 2e-3, 0.01, 40, 200, 250, 32, 20, 7L, 2, "lse", 3.0, true, "foreground", 0.995, "sweep:2");
        TrainingConfig.Training loop = BenchInputs.loop(base, 30, 10, 16);
        // Steps, warm-up (capped at steps - 1), validation interval and planes from the bench; the weak-label options
        // reset to the paper's (the variant sets them); the weight average and validation scheme kept.
        assertEquals(
                new TrainingConfig.Training(
                        30, 6, 12, 2e-3, 0.01, 29, 200, 10, 16, 20, 7L, 2, null, null, null, null, 0.995, "sweep:2"),
                loop);
    }
}
