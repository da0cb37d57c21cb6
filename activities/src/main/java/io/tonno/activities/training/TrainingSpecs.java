package io.tonno.activities.training;

import io.tonno.classifier.sampling.Augmentation;
import io.tonno.classifier.training.TrainingConfig;
import io.tonno.workflows.spec.ModelSpec;
import io.tonno.workflows.spec.TrainingSpec;

/**
 * A workflow's {@link ModelSpec} and {@link TrainingSpec} as the classifier's {@link TrainingConfig}: shared by the
 * training activity and the benches that train in-process.
 */
public final class TrainingSpecs {
    private TrainingSpecs() {}

    /**
     * The trainer config of a spec: validation every {@code training.validationInterval} steps when it is above 0
     * (on the cases the caller passes; the trainer's default interval otherwise, with no cases to validate on),
     * warm-up at most {@code steps - 1}.
     *
     * @param device the worker's device, used when {@code m.device} is {@code auto}
     */
    public static TrainingConfig config(ModelSpec m, TrainingSpec t, String device) {
        String dev = "auto".equals(m.device()) ? device : m.device();
        // auto stays absent, so that a spec's training config is the one of `tonno train` with `{}` (and the host
        // with the sequential augmentation when it is asked for).
        String slicing = "auto".equals(m.slicing()) ? null : m.slicing();
        return new TrainingConfig(
                new TrainingConfig.Model(
                        m.arch(), m.norm(), m.weights(), m.sliceSize(), m.inputNormalization(), dev, m.init(), slicing),
                new TrainingConfig.Training(
                        t.steps(),
                        t.volumesPerBatch(),
                        t.slicesPerVolume(),
                        t.learningRate(),
                        t.weightDecay(),
                        Math.min(t.warmupSteps(), t.steps() - 1),
                        t.checkpointInterval(),
                        t.validationInterval() > 0 ? t.validationInterval() : null,
                        t.validationSlicesPerVolume(),
                        null,
                        t.seed(),
                        0,
                        t.loss(),
                        t.lseSharpness(),
                        t.balancedBatches(),
                        t.planeOffsets(),
                        t.emaDecay(),
                        t.validationPlanes()),
                Augmentation.DEFAULT.withMirror(t.mirror()).withPortable(t.portableAugmentation()));
    }
}
