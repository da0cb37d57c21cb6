package io.tonno.workflows.reconstruction;

import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import io.tonno.workflows.ActivityOptionsCatalog;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.BoundedFanOut;
import io.tonno.workflows.OrchestrationSettings;
import io.tonno.workflows.activity.ChunkRequest;
import io.tonno.workflows.activity.ChunkResult;
import io.tonno.workflows.activity.Heatmap;
import io.tonno.workflows.activity.ReconstructionActivities;
import io.tonno.workflows.activity.ReduceRequest;
import io.tonno.workflows.activity.StageActivities;
import io.tonno.workflows.activity.StageLookup;
import io.tonno.workflows.activity.StageManifest;
import java.util.List;
import java.util.Map;

/** See {@link ReconstructionWorkflow}. */
public class ReconstructionWorkflowImpl implements ReconstructionWorkflow {
    private final OrchestrationSettings settings;
    private int done;
    private int total;
    private int inFlight;
    private boolean cached;

    /** With the default queue names. */
    public ReconstructionWorkflowImpl() {
        this(OrchestrationSettings.DEFAULT);
    }

    public ReconstructionWorkflowImpl(OrchestrationSettings settings) {
        this.settings = settings;
    }

    @Override
    public Heatmap run(ReconstructionRequest r) {
        StageActivities stages =
                Workflow.newActivityStub(StageActivities.class, ActivityOptionsCatalog.stages(settings.queues()));
        ReconstructionActivities recon = Workflow.newActivityStub(
                ReconstructionActivities.class, ActivityOptionsCatalog.reconstruction(settings.queues()));
        String methodKey = r.method().key();
        String heatmapKey = ArtifactKeys.heatmap(r.experimentId(), methodKey, r.caseId());

        StageLookup lookup = stages.lookupStage(r.experimentId(), r.stage(), r.stageHash());
        if (lookup.hit()) {
            cached = true;
            StageManifest m = lookup.manifest();
            return new Heatmap(r.caseId(), methodKey, heatmapKey, m.metric("min", 0), m.metric("max", 0));
        }
        long started = Workflow.currentTimeMillis();
        List<ChunkPlan.Chunk> plan =
                ChunkPlan.of(r.method(), r.directionsPerChunk()).chunks();
        total = plan.size();
        List<ChunkResult> results = BoundedFanOut.run(
                plan.size(),
                r.chunksInFlight(),
                () -> inFlight++,
                i -> {
                    ChunkPlan.Chunk c = plan.get(i);
                    return Async.function(
                            recon::reconstructChunk,
                            new ChunkRequest(
                                    r.experimentId(),
                                    r.caseId(),
                                    r.method(),
                                    r.model(),
                                    r.checkpointKey(),
                                    r.image(),
                                    c.index(),
                                    c.first(),
                                    c.count(),
                                    c.total(),
                                    ArtifactKeys.chunk(r.experimentId(), methodKey, r.caseId(), c.index())));
                },
                result -> {
                    inFlight--;
                    done++;
                });
        Heatmap heatmap = recon.reduce(
                new ReduceRequest(r.experimentId(), r.caseId(), r.method(), r.image(), results.size(), heatmapKey));
        stages.publishStage(
                r.experimentId(),
                new StageManifest(
                        r.stage(),
                        r.stageHash(),
                        null,
                        List.of(r.image().imageKey(), r.checkpointKey()),
                        List.of(heatmap.heatmapKey()),
                        Map.of("min", heatmap.min(), "max", heatmap.max(), "chunks", (double) plan.size()),
                        started,
                        Workflow.currentTimeMillis()));
        return heatmap;
    }

    @Override
    public ChunkProgress progress() {
        return new ChunkProgress(done, total, inFlight, cached);
    }
}
