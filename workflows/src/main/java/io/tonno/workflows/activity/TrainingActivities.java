package io.tonno.workflows.activity;

import io.temporal.activity.ActivityInterface;
import io.tonno.workflows.spec.ModelSpec;

/**
 * Training of the slice classifier, on the GPU queue. {@code trainSegment} implementations run
 * {@code io.tonno.activities.support.CheckpointedTraining}, which owns the resume-from-heartbeat
 * protocol; they must heartbeat at least every 10 minutes (the heartbeat timeout).
 */
@ActivityInterface
public interface TrainingActivities {
    /**
     * Reads {@code model/latest.json}; returns where training of these settings stands, or
     * {@link TrainingProgress#NONE} when there is no pointer or it was written under another
     * {@code trainingHash}. This is how a relaunched experiment resumes training.
     */
    TrainingProgress latestCheckpoint(String experimentId, String trainingHash);

    /**
     * Trains one segment; see {@link TrainSegmentRequest}. Heartbeats a {@link TrainingProgress}
     * after every checkpoint, and a retry resumes from the last heartbeat's checkpoint.
     */
    TrainingProgress trainSegment(TrainSegmentRequest request);

    /**
     * Brings the trained model of {@code model.file} (a path on this worker or an artifact-store key) into the
     * experiment instead of training one: checks it (loads it on the CPU and scores two probe slices of
     * {@code model.sliceSize}: the input it accepts, the output shape, finite scores), then publishes it once under
     * its content key {@code ArtifactKeys.broughtModel} (skipped when those bytes are there already). Returns
     * step 0, that key and no loss. A file that is missing or breaks the contract fails non-retryably, naming the
     * file and what was expected, before any reconstruction starts.
     */
    TrainingProgress publishModel(String experimentId, ModelSpec model);
}
