package io.tonno.tomography;

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
        for (long g0 = 0; g0 < total; g0 += batch) {
            int count = (int) Math.min(batch, total - g0);
            long start = System.nanoTime();
            // A batch is a run of whole or partial directions; each direction's slices are parallel planes.
            int done = 0;
            while (done < count) {
                long g = g0 + done;
                int l = firstDirection + (int) (g / perDirection);
                int m0 = (int) (g % perDirection);
                int n = Math.min(count - done, perDirection - m0);
                double[] offsets = new double[n];
                for (int b = 0; b < n; b++) {
                    offsets[b] = settings.offset(m0 + b - 1);
                }
                slicer.parallelSlices(dirs.normal(l), dirs.u(l), dirs.v(l), offsets, size, size, buffer,
                        done * size * size, settings.threads());
                done += n;
            }
            timings.addSlicing(System.nanoTime() - start, count);
            consumer.accept((int) g0, count, buffer);
        }
    }
}
