package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.tonno.workflows.spec.ModelSpec;
import io.tonno.workflows.spec.TrainingSpec;
import java.util.List;

/**
 * Train from {@code from} to {@code toStep}. The activity checkpoints every
 * {@code training.checkpointInterval} steps, heartbeats a {@link TrainingProgress} after each
 * checkpoint, updates {@code model/latest.json}, and on a retry resumes from its last heartbeat.
 *
 * @param experimentId the experiment
 * @param trainingHash hash of everything training depends on; latest.json records it so that a
 *                     checkpoint is never resumed under different settings
 * @param model        the network
 * @param training     the training settings (seed, batch, schedule over {@code training.steps})
 * @param trainCases   the training split (preprocessed volumes at {@code ArtifactKeys.image})
 * @param validationCases the cases validated on every {@code training.validationInterval} steps (the calibration
 *                     split, with their masks where they have one), empty when the interval is 0; validation
 *                     leaves the model and the sampling unchanged, it only adds lines to {@code metrics.jsonl}
 * @param from         where this segment starts (step 0 with a null checkpoint: fresh weights)
 * @param toStep       the step this segment ends at, at most {@code training.steps}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainSegmentRequest(
        String experimentId,
        String trainingHash,
        ModelSpec model,
        TrainingSpec training,
        List<CaseRef> trainCases,
        List<CaseRef> validationCases,
        TrainingProgress from,
        int toStep) {}
