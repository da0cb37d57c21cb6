package io.tonno.workflows.reconstruction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tonno.workflows.spec.MethodSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPlanTest {
    @Test
    void splitsDirectionsIntoConsecutiveRunsWithAShortLastChunk() {
        MethodSpec tonno = new MethodSpec("tonno", null, null, null, 23, 10, 32, null, null);
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
        MethodSpec all = new MethodSpec("layercam", null, null, "all", null, null, null, null, null);
        assertEquals(3, ChunkPlan.of(all, 10).chunks().size());
    }
}
