package io.tonno.cli.bench;

import io.tonno.classifier.training.TrainingConfig;
import io.tonno.evaluation.CalibratedEvaluation;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.calibration.Normalization;
import io.tonno.evaluation.metrics.Dice;
import io.tonno.imaging.label.Connectivity;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the benches train and measure on: a dataset, given or generated, training loops of their own length, and the
 * calibrated evaluation that scores their heatmaps.
 */
final class BenchInputs {
    private BenchInputs() {}

    /**
     * The manifest {@code given}, or when it is null the manifest of a synthetic dataset written to {@code dir}
     * with {@code settings}.
     */
    static Path dataset(Path given, Path dir, SynthSettings settings) throws IOException {
        if (given != null) {
            return given;
        }
        SyntheticDataset.write(dir, settings);
        return dir.resolve("dataset.json");
    }

    /**
     * The calibrated evaluation of {@code tonno compare}'s defaults (raw heatmaps, 26-connected lesions, Dice 1 when
     * a volume's mask and prediction are both empty), predictions restricted by {@code restriction}.
     */
    static CalibratedEvaluation evaluation(ForegroundRestriction restriction) {
        return new CalibratedEvaluation(new CalibratedEvaluation.Options(
                Normalization.parse("raw"), restriction, Connectivity.TWENTY_SIX, Dice.BothEmpty.ONE));
    }

    /**
     * {@code loop}'s settings (the paper's loss and plane offsets; its weight average and validation planes kept) for
     * {@code steps} steps, warm-up capped at {@code steps - 1}, validating every {@code validationInterval} steps on
     * {@code validationSlicesPerVolume} planes per volume.
     */
    static TrainingConfig.Training loop(
            TrainingConfig.Training loop, int steps, int validationInterval, int validationSlicesPerVolume) {
        return new TrainingConfig.Training(
                steps,
                loop.volumesPerBatch(),
                loop.slicesPerVolume(),
                loop.learningRate(),
                loop.weightDecay(),
                Math.min(loop.warmupSteps(), steps - 1),
                loop.checkpointInterval(),
                validationInterval,
                validationSlicesPerVolume,
                loop.logInterval(),
                loop.seed(),
                loop.threads(),
                null,
                null,
                null,
                null,
                loop.emaDecay(),
                loop.validationPlanes());
    }
}
