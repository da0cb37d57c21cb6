package io.tonno.workflows.reconstruction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tonno.workflows.spec.MethodSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPlanTest {
    @Test
    void splitsDirectionsIntoConsecutiveRunsWithAShortLastChunk() {
        MethodSpec tonno = MethodSpec.of("tonno").withSampling(23, 10).withSliceSize(32);
        assertEquals(
                List.of(
                        new ChunkPlan.Chunk(0, 0, 10, 23),
                        new ChunkPlan.Chunk(1, 10, 10, 23),
                        new ChunkPlan.Chunk(2, 20, 3, 23)),
                ChunkPlan.of(tonno, 10).chunks());
    }

    @Test
    void runsOneChunkPerAxisForTwoDimensionalCams() {
        assertEquals(
                List.of(new ChunkPlan.Chunk(0, 2, 1, 1)),
                ChunkPlan.of(MethodSpec.of("gradcam"), 10).chunks());
        MethodSpec all = MethodSpec.of("layercam", null, null, "all");
        assertEquals(3, ChunkPlan.of(all, 10).chunks().size());
    }
}
