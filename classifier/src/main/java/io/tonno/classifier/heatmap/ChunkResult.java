package io.tonno.classifier.heatmap;

import io.tonno.tomography.PartialVolume;
import io.tonno.tomography.Sinogram;
import java.util.Arrays;

/**
 * The result of one chunk of directions ({@link HeatmapMethods#computeChunk}): ToNNO's sinogram rows, or the
 * partial volume of Averaged/Tomographic CAM. Chunk results of one (volume, method) combine by
 * {@link HeatmapMethods#combine}; each serialises to a compact byte form for the artifact store.
 */
public sealed interface ChunkResult permits ChunkResult.Scores, ChunkResult.Maps {
    /** Tag byte then {@link Sinogram#toBytes()} or {@link PartialVolume#toBytes()}. */
    byte[] toBytes();

    /** ToNNO: the scores of the chunk's slices. */
    record Scores(Sinogram sinogram) implements ChunkResult {
        @Override
        public byte[] toBytes() {
            return tagged((byte) 'S', sinogram.toBytes());
        }
    }

    /** Averaged/Tomographic: the backprojection of the chunk's maps onto the output grid. */
    record Maps(PartialVolume partial) implements ChunkResult {
        @Override
        public byte[] toBytes() {
            return tagged((byte) 'M', partial.toBytes());
        }
    }

    /**
     * Reads {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not a chunk result
     */
    static ChunkResult fromBytes(byte[] bytes) {
        if (bytes.length < 1) {
            throw new IllegalArgumentException("chunk result bytes: empty");
        }
        byte[] body = Arrays.copyOfRange(bytes, 1, bytes.length);
        return switch (bytes[0]) {
            case 'S' -> new Scores(Sinogram.fromBytes(body));
            case 'M' -> new Maps(PartialVolume.fromBytes(body));
            default -> throw new IllegalArgumentException("chunk result bytes: unknown tag " + bytes[0]);
        };
    }

    private static byte[] tagged(byte tag, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = tag;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }
}
