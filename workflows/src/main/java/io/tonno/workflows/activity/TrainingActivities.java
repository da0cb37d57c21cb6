package io.tonno.workflows.activity;

import io.temporal.activity.ActivityInterface;

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
}
