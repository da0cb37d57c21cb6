package io.tonno.cli.bench;

import io.tonno.classifier.training.TrainingConfig;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import java.io.IOException;
import java.nio.file.Path;

/** What the benches train and measure on: a dataset, given or generated, and training loops of their own length. */
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
     * {@code loop}'s settings (the paper's loss and plane offsets) for {@code steps} steps, warm-up capped at
     * {@code steps - 1}, validating every {@code validationInterval} steps on {@code validationSlicesPerVolume}
     * planes per volume.
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
                null);
    }
}
