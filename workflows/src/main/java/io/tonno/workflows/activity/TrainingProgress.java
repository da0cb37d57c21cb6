package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where training stands: the heartbeat detail of a training segment, its result, and the content of
 * {@code model/latest.json}.
 *
 * @param step          optimisation steps done
 * @param checkpointKey the checkpoint holding the weights after {@code step} steps, or null at step 0
 * @param loss          the mean training loss of the last checkpoint interval, or null at step 0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingProgress(int step, String checkpointKey, Double loss) {
    /** No training done yet. */
    public static final TrainingProgress NONE = new TrainingProgress(0, null, null);
}
