package io.tonno.activities.stages;

import io.tonno.activities.support.InvalidInputFailures;
import io.tonno.workflows.activity.StageActivities;
import io.tonno.workflows.activity.StageLookup;
import io.tonno.workflows.activity.StageManifest;

/** {@link StageActivities} over a {@link StageCache}. */
public final class StageActivitiesImpl implements StageActivities {
    private final StageCache cache;

    public StageActivitiesImpl(StageCache cache) {
        this.cache = cache;
    }

    @Override
    public StageLookup lookupStage(String experimentId, String stage, String stageHash) {
        return InvalidInputFailures.call(() -> cache.lookup(experimentId, stage, stageHash));
    }

    @Override
    public void publishStage(String experimentId, StageManifest manifest) {
        InvalidInputFailures.call(() -> {
            cache.publish(experimentId, manifest);
            return null;
        });
    }
}
