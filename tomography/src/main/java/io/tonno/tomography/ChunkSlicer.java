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

    /**
     * Receives a batch of the global grid: {@code batchCount} slices in {@code buffer[0..]}, of which
     * {@code buffer} slices {@code skip .. skip+count-1} are the chunk's slices {@code firstSlice ..
     * firstSlice+count-1} (the rest belong to neighbouring directions).
     */
    interface GridBatchConsumer {
        void accept(int firstSlice, int count, float[] buffer, int skip, int batchCount);
    }

    /**
     * Like {@link #forEachBatch} for directions {@code firstDirection ..}, but batches are the fixed ranges
     * {@code [k·batch, (k+1)·batch)} of the slices of <em>all</em> directions ({@code G = l·(M+2) + m+1}), cut
     * where the direction set ends; a batch that straddles the chunk's ends is sliced whole (its slices of
     * neighbouring directions are scored and dropped). A network's output for a slice changes in the last
     * bits with the batch's size and the slice's place in it; with the grid, every slice is scored in the
     * same batch whatever the chunking, so chunked reconstructions equal the whole one bit for bit, at the
     * cost of at most two partly used batches per chunk.
     */
    void forEachGridBatch(int firstDirection, int directionCount, Timings timings, GridBatchConsumer consumer) {
        int perDirection = settings.slicesPerDirection();
        long begin = (long) firstDirection * perDirection;
        long end = begin + (long) directionCount * perDirection;
        long last = (long) dirs.size() * perDirection;
        for (long b0 = begin / batch * batch; b0 < end; b0 += batch) {
            int n = (int) Math.min(batch, last - b0);
            long start = System.nanoTime();
            slice(b0, n);
            timings.addSlicing(System.nanoTime() - start, n);
            long from = Math.max(b0, begin);
            long to = Math.min(b0 + n, end);
            consumer.accept((int) (from - begin), (int) (to - from), buffer, (int) (from - b0), n);
        }
    }

    /** Slices {@code count} consecutive slices from global slice {@code g0} ({@code g = l·(M+2) + m+1}) into the buffer. */
    private void slice(long g0, int count) {
        int perDirection = settings.slicesPerDirection();
        int size = settings.sliceSize();
        int done = 0;
        while (done < count) {
            long g = g0 + done;
            int l = (int) (g / perDirection);
            int m0 = (int) (g % perDirection);
            int n = Math.min(count - done, perDirection - m0);
            double[] offsets = new double[n];
            for (int b = 0; b < n; b++) {
                offsets[b] = settings.offset(m0 + b - 1);
            }
            slicer.parallelSlices(
                    dirs.normal(l),
                    dirs.u(l),
                    dirs.v(l),
                    offsets,
                    size,
                    size,
                    buffer,
                    done * size * size,
                    settings.threads());
            done += n;
        }
    }

    void forEachBatch(int firstDirection, int directionCount, Timings timings, BatchConsumer consumer) {
        int perDirection = settings.slicesPerDirection();
        int size = settings.sliceSize();
        long total = (long) directionCount * perDirection;
        for (long g0 = 0; g0 < total; g0 += batch) {
            int count = (int) Math.min(batch, total - g0);
            long start = System.nanoTime();
            // A batch is a run of whole or partial directions; each direction's slices are parallel planes.
            slice((long) firstDirection * perDirection + g0, count);
            timings.addSlicing(System.nanoTime() - start, count);
            consumer.accept((int) g0, count, buffer);
        }
    }
}
