package io.tonno.workflows.activity;

import io.temporal.activity.ActivityInterface;

/**
 * Heatmap reconstruction, on the GPU queue: chunks run the network over slices; the reduce combines
 * the chunks. Both are idempotent (deterministic output keys, atomic publish). Both must heartbeat
 * (e.g. after every batch of slices) at least every 5 minutes, the heartbeat timeout of
 * {@code ActivityOptionsCatalog.reconstruction}; a worker that stops heartbeating is presumed lost.
 */
@ActivityInterface
public interface ReconstructionActivities {
    /** Scores one chunk's slices and stores its partial result at {@code request.outputKey()}. */
    ChunkResult reconstructChunk(ChunkRequest request);

    /** Combines the chunks into the heatmap at {@code request.heatmapKey()}. */
    Heatmap reduce(ReduceRequest request);
}
