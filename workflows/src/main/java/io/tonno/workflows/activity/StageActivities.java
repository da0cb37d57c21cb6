package io.tonno.workflows.activity;

import io.temporal.activity.ActivityInterface;

/**
 * Stage manifests ({@code stages/{stage}/manifest.json}) in the artifact store, on the CPU queue.
 * The workflow looks a stage up before running it and publishes its manifest after its outputs.
 */
@ActivityInterface
public interface StageActivities {
    /** Whether {@code stage} already finished with the same hash under the current code version. */
    StageLookup lookupStage(String experimentId, String stage, String stageHash);

    /** Writes the manifest (atomically) after all of the stage's outputs. */
    void publishStage(String experimentId, StageManifest manifest);
}
