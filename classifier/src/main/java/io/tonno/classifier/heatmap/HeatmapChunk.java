package io.tonno.classifier.heatmap;

import io.tonno.imaging.Volume;
import io.tonno.tomography.PartialVolume;
import io.tonno.tomography.Sinogram;

/**
 * The result of one chunk of a heatmap ({@link HeatmapMethods#computeChunk}): ToNNO's sinogram rows, the partial
 * volume of Averaged/Tomographic CAM, or one axis's stack of a 2D baseline. The chunk results of one (volume,
 * method) combine by {@link HeatmapMethods#combine}. Each has a byte form for the artifact store, which holds no
 * tag: {@link #fromBytes} reads it back knowing the method.
 */
public sealed interface HeatmapChunk permits HeatmapChunk.Scores, HeatmapChunk.Maps, HeatmapChunk.Stack {
    /** {@link Sinogram#toBytes()} or {@link PartialVolume#toBytes()}. */
    byte[] toBytes();

    /** ToNNO: the scores of the chunk's slices, {@code (count, M+2)} doubles. */
    record Scores(Sinogram sinogram) implements HeatmapChunk {
        @Override
        public byte[] toBytes() {
            return sinogram.toBytes();
        }
    }

    /** Averaged/Tomographic: the backprojection of the chunk's maps onto the output grid, doubles. */
    record Maps(PartialVolume partial) implements HeatmapChunk {
        @Override
        public byte[] toBytes() {
            return partial.toBytes();
        }
    }

    /** A 2D baseline: the CAM stack along one axis, on the input's grid (float32 values held as doubles). */
    record Stack(PartialVolume stack) implements HeatmapChunk {
        /** The stack of {@code axisStack}, values unchanged. */
        public static Stack of(Volume axisStack) {
            float[] f = axisStack.data();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return new Stack(new PartialVolume(axisStack.nx(), axisStack.ny(), axisStack.nz(), d));
        }

        @Override
        public byte[] toBytes() {
            return stack.toBytes();
        }
    }

    /**
     * Reads {@link #toBytes()} of a chunk of {@code method}.
     *
     * @throws IllegalArgumentException if the bytes are not a chunk result of that kind
     */
    static HeatmapChunk fromBytes(HeatmapMethod method, byte[] bytes) {
        if (method == HeatmapMethod.TONNO) {
            return new Scores(Sinogram.fromBytes(bytes));
        }
        PartialVolume p = PartialVolume.fromBytes(bytes);
        return method.isBaseline2d() ? new Stack(p) : new Maps(p);
    }
}
