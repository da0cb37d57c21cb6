package io.tonno.tomography;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks the {@code M+2} slices of each direction of a range, batch by batch, into one reused buffer: slice
 * {@code g = (l - first)·(M+2) + (m+1)} is the slice of direction {@code l} at offset {@code s_m}, and
 * batches are consecutive ranges of {@code g}. Only one batch of slices exists at a time.
 */
final class ChunkSlicer {
    /** Receives a batch: slices {@code g = firstSlice .. firstSlice+count-1}, in {@code buffer[0..]}. */
    interface BatchConsumer {
        void accept(int firstSlice, int count, float[] buffer);
    }

    private final Slicer slicer;
    private final DirectionSet dirs;
    private final ReconstructionSettings settings;
    private final float[] buffer;
    private final int batch;

    ChunkSlicer(Slicer slicer, DirectionSet dirs, ReconstructionSettings settings, int batch) {
        this.slicer = slicer;
        this.dirs = dirs;
        this.settings = settings;
        this.batch = batch;
        long floats = (long) batch * settings.sliceSize() * settings.sliceSize();
        if (floats > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + batch + " slices of " + settings.sliceSize()
                    + "² pixels does not fit one array; lower the batch size");
        }
        this.buffer = new float[(int) floats];
    }

    int batch() {
        return batch;
    }

    void forEachBatch(int firstDirection, int directionCount, Timings timings, BatchConsumer consumer) {
        int perDirection = settings.slicesPerDirection();
        int size = settings.sliceSize();
        long total = (long) directionCount * perDirection;
        List<SlicePlane> planes = new ArrayList<>(batch);
        for (long g0 = 0; g0 < total; g0 += batch) {
            int count = (int) Math.min(batch, total - g0);
            planes.clear();
            for (int b = 0; b < count; b++) {
                long g = g0 + b;
                int l = firstDirection + (int) (g / perDirection);
                int m = (int) (g % perDirection) - 1;
                planes.add(SlicePlane.of(dirs.normal(l), settings.offset(m)));
            }
            long start = System.nanoTime();
            slicer.slices(planes, size, size, buffer, settings.threads());
            timings.addSlicing(System.nanoTime() - start, count);
            consumer.accept((int) g0, count, buffer);
        }
    }
}
