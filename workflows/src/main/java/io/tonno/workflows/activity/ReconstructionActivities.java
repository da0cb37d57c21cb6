package io.tonno.workflows.activity;

import io.temporal.activity.ActivityInterface;

/**
 * Heatmap reconstruction, on the GPU queue: chunks run the network over slices; the reduce combines
 * the chunks. Both are idempotent (deterministic output keys, atomic publish).
 */
@ActivityInterface
public interface ReconstructionActivities {
    /** Scores one chunk's slices and stores its partial result at {@code request.outputKey()}. */
    ChunkResult reconstructChunk(ChunkRequest request);

    /** Combines the chunks into the heatmap at {@code request.heatmapKey()}. */
    Heatmap reduce(ReduceRequest request);
}
