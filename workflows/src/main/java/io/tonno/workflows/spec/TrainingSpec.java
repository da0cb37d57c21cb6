package io.tonno.workflows.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Training of the slice classifier (method.md §9). Training runs in segments of
 * {@code segmentSteps} steps, one activity each; pause and stop-early signals take effect between
 * segments, and inside a segment the activity checkpoints every {@code checkpointInterval} steps.
 *
 * <p>The defaults are those of {@code tonno train} with an empty config (one table, docs/orchestration.md; a test
 * holds them equal): a spec with only {@code experimentId} and {@code dataset} trains the same network.
 *
 * @param steps              total optimisation steps (default 1000)
 * @param volumesPerBatch    volumes sampled per step, with replacement (default 8)
 * @param slicesPerVolume    random slices per sampled volume (default 8)
 * @param learningRate       peak AdamW learning rate (default 1e-3)
 * @param weightDecay        AdamW decoupled weight decay on conv and fc weights (default 0.05)
 * @param warmupSteps        linear warm-up steps before the cosine decay (default 50, capped at steps)
 * @param checkpointInterval steps between checkpoints (default 100)
 * @param validationInterval steps between validation passes, 0 = never (default 0)
 * @param validationSlicesPerVolume fixed planes scored per validation volume (absent: the trainer's 64; 2 to 65536),
 *                           divided among the normals of {@code validationPlanes}. With lesions of a few voxels the
 *                           planes must be dense enough to pass near each lesion's middle (docs/classifier.md)
 * @param seed               random seed of sampling and initialisation (default 0)
 * @param segmentSteps       steps per training activity, a multiple of checkpointInterval
 *                           (default 10 checkpoint intervals)
 * @param loss               slice (default, the paper's per-slice loss), lse or noisy-or (multiple-instance pooling
 *                           of each volume's slices; docs/classifier.md)
 * @param lseSharpness       r of the lse pooling (default 5)
 * @param balancedBatches    alternate positive and negative volumes in a batch (default false)
 * @param planeOffsets       box (default) or foreground: the offset range of sampled planes
 * @param mirror             reflect half of the training slices (default false): a network trained so scores a plane
 *                           and its antipodal twin alike, which makes ToNNO's {@code sampling: hemisphere} exact
 * @param emaDecay           decay of the moving average of the weights that validation and the trained model use
 *                           ({@code [0, 1)}; absent or 0: off; docs/classifier.md)
 * @param portableAugmentation the intensity augmentation in the form the host and the device compute alike
 *                           (docs/classifier.md, "Training batches on the device"); absent: when batches are cut on
 *                           the device ({@code model.slicing} device, or auto on a GPU worker); false is refused there
 * @param validationPlanes   how a validation volume is cut and scored (absent: the trainer's {@code sweep:4}):
 *                           {@code sweep:K}, {@code K} normals each swept by {@code ⌊validationSlicesPerVolume/K⌋ >= 2}
 *                           parallel planes over the body, the volume score the mean of the sweeps' largest logits;
 *                           or {@code lattice}, one plane per normal and the mean of the top eighth of the logits
 *                           (the validation of runs before 2026-12-07; docs/classifier.md)
 * @param unknownFields      JSON fields not listed above; any entry is a validation error
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingSpec(
        Integer steps,
        Integer volumesPerBatch,
        Integer slicesPerVolume,
        Double learningRate,
        Double weightDecay,
        Integer warmupSteps,
        Integer checkpointInterval,
        Integer validationInterval,
        Long seed,
        Integer segmentSteps,
        String loss,
        Double lseSharpness,
        Boolean balancedBatches,
        String planeOffsets,
        Boolean mirror,
        Double emaDecay,
        Boolean portableAugmentation,
        Integer validationSlicesPerVolume,
        String validationPlanes,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> unknownFields) {

    public TrainingSpec {
        steps = steps == null ? 1000 : steps;
        volumesPerBatch = volumesPerBatch == null ? 8 : volumesPerBatch;
        slicesPerVolume = slicesPerVolume == null ? 8 : slicesPerVolume;
        learningRate = learningRate == null ? 1e-3 : learningRate;
        weightDecay = weightDecay == null ? 0.05 : weightDecay;
        warmupSteps = warmupSteps == null ? Math.min(50, steps) : warmupSteps;
        checkpointInterval = checkpointInterval == null ? Math.min(100, Math.max(1, steps)) : checkpointInterval;
        validationInterval = validationInterval == null ? 0 : validationInterval;
        seed = seed == null ? 0L : seed;
        segmentSteps = segmentSteps == null ? checkpointInterval * 10 : segmentSteps;
        loss = loss == null ? "slice" : loss;
        lseSharpness = lseSharpness == null ? 5.0 : lseSharpness;
        balancedBatches = balancedBatches == null ? Boolean.FALSE : balancedBatches;
        planeOffsets = planeOffsets == null ? "box" : planeOffsets;
        mirror = mirror == null ? Boolean.FALSE : mirror;
        unknownFields = UnknownFields.normalise(unknownFields);
    }

    /** All defaults. */
    public static TrainingSpec defaults() {
        return new TrainingSpec(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }
}
