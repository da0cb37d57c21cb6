package io.tonno.workflows.reconstruction;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.tonno.workflows.activity.Heatmap;

/**
 * Reconstructs one heatmap (one case, one method): splits the work into chunks, runs them on the
 * GPU queue with at most {@code chunksInFlight} in flight, then reduces them into the heatmap.
 * Started as a child of {@code ExperimentWorkflow}; can also be started alone.
 */
@WorkflowInterface
public interface ReconstructionWorkflow {
    @WorkflowMethod
    Heatmap run(ReconstructionRequest request);

    /** Chunks finished and planned. */
    @QueryMethod
    ChunkProgress progress();
}
