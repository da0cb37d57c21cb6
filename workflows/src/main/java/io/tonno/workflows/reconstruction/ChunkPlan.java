package io.tonno.workflows.reconstruction;

import io.tonno.workflows.spec.MethodSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * How a reconstruction is split into chunks. Directional methods split the L lattice directions
 * into consecutive runs of {@code directionsPerChunk}; the 2D CAM baselines run one chunk per
 * volume axis they use ({@code axial}: axis 2, the NIfTI k axis; {@code all}: axes 0, 1, 2).
 *
 * @param chunks the chunks in order
 */
public record ChunkPlan(List<Chunk> chunks) {
    /**
     * One chunk.
     *
     * @param index chunk index
     * @param first first direction (or the axis)
     * @param count directions (1 for an axis)
     * @param total directions of the method (or axes used)
     */
    public record Chunk(int index, int first, int count, int total) {}

    /** The plan of {@code method}. */
    public static ChunkPlan of(MethodSpec method, int directionsPerChunk) {
        List<Chunk> chunks = new ArrayList<>();
        if (method.isDirectional()) {
            int total = method.directions();
            for (int first = 0, i = 0; first < total; first += directionsPerChunk, i++) {
                chunks.add(new Chunk(i, first, Math.min(directionsPerChunk, total - first), total));
            }
        } else if ("all".equals(method.axes())) {
            for (int axis = 0; axis < 3; axis++) {
                chunks.add(new Chunk(axis, axis, 1, 3));
            }
        } else {
            chunks.add(new Chunk(0, 2, 1, 1));
        }
        return new ChunkPlan(List.copyOf(chunks));
    }
}
