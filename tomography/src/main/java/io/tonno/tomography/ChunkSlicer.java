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
    private final PlaneBatch planes;
    private final int batch;
    private final PlaneSupport support;

    ChunkSlicer(Slicer slicer, DirectionSet dirs, ReconstructionSettings settings, int batch) {
        this(slicer, dirs, settings, batch, PlaneSupport.all(dirs, settings));
    }

    /** A slicer whose grid batches walk only the slices {@code support} scores. */
    ChunkSlicer(Slicer slicer, DirectionSet dirs, ReconstructionSettings settings, int batch, PlaneSupport support) {
        this.support = support;
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
        this.planes = null;
    }

    /**
     * A walker that cuts nothing: each grid batch's planes are written into {@link #planes()} for a scorer that
     * slices them itself ({@link PlaneScorer}); the consumers' buffer is then {@code null}.
     */
    ChunkSlicer(DirectionSet dirs, ReconstructionSettings settings, int batch, PlaneSupport support) {
        this.support = support;
        this.slicer = null;
        this.dirs = dirs;
        this.settings = settings;
        this.batch = batch;
        this.buffer = null;
        this.planes = new PlaneBatch(batch);
    }

    /** The planes of the current batch, when this walker cuts nothing (else {@code null}). */
    PlaneBatch planes() {
        return planes;
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
     * {@code [k·batch, (k+1)·batch)} of the scored slices of <em>all</em> directions (numbered by
     * {@link PlaneSupport#start}; every slice, {@code G = l·(M+2) + m+1}, unless body offsets skip some), cut where
     * the direction set ends; a batch that straddles the chunk's ends is sliced whole (its slices of neighbouring
     * directions are scored and dropped). A network's output for a slice changes in the last bits with the batch's
     * size and the slice's place in it; with the grid, every slice is scored in the same batch whatever the
     * chunking, so chunked reconstructions equal the whole one bit for bit, at the cost of at most two partly used
     * batches per chunk. {@code firstSlice} counts the chunk's scored slices from 0.
     */
    void forEachGridBatch(int firstDirection, int directionCount, Timings timings, GridBatchConsumer consumer) {
        long begin = support.start(firstDirection);
        long end = support.start(firstDirection + directionCount);
        long last = support.total();
        for (long b0 = begin / batch * batch; b0 < end; b0 += batch) {
            int n = (int) Math.min(batch, last - b0);
            long start = System.nanoTime();
            sliceScored(b0, n);
            if (planes != null) {
                planes.count(n);
            }
            // With a plane scorer this is the time to write the geometry; its cutting is part of the scoring.
            timings.addSlicing(System.nanoTime() - start, n);
            long from = Math.max(b0, begin);
            long to = Math.min(b0 + n, end);
            consumer.accept((int) (from - begin), (int) (to - from), buffer, (int) (from - b0), n);
        }
    }

    /** Slices {@code count} consecutive scored slices from global scored slice {@code g0} into the buffer. */
    private void sliceScored(long g0, int count) {
        int done = 0;
        while (done < count) {
            long g = g0 + done;
            int l = support.direction(g);
            int j0 = support.first(l) + (int) (g - support.start(l));
            int n = (int) Math.min(count - done, support.start(l + 1) - g);
            sliceRun(l, j0, n, done);
            done += n;
        }
    }

    /** Slices {@code count} consecutive slices from global slice {@code g0} ({@code g = l·(M+2) + m+1}) into the buffer. */
    private void slice(long g0, int count) {
        int perDirection = settings.slicesPerDirection();
        int done = 0;
        while (done < count) {
            long g = g0 + done;
            int l = (int) (g / perDirection);
            int m0 = (int) (g % perDirection);
            int n = Math.min(count - done, perDirection - m0);
            sliceRun(l, m0, n, done);
            done += n;
        }
    }

    /** Slices {@code j0 .. j0+n-1} ({@code j = m+1}) of direction {@code l} into buffer slices {@code at ..}. */
    private void sliceRun(int l, int j0, int n, int at) {
        double[] offsets = new double[n];
        for (int b = 0; b < n; b++) {
            offsets[b] = settings.offset(j0 + b - 1);
        }
        sliceOffsets(l, offsets, at);
    }

    /**
     * Cuts the slices {@code (ls[i], js[i])} ({@code j = m+1}), {@code i = from .. from+n-1}, {@code n <= batch},
     * into batch positions {@code 0 .. n-1}, and returns the buffer ({@code null} when this walker cuts nothing:
     * {@link #planes()} then holds the planes). Consecutive entries of one direction are cut together.
     */
    float[] sliceList(int[] ls, int[] js, int from, int n, Timings timings) {
        long start = System.nanoTime();
        int done = 0;
        while (done < n) {
            int l = ls[from + done];
            int run = 1;
            while (done + run < n && ls[from + done + run] == l) {
                run++;
            }
            double[] offsets = new double[run];
            for (int b = 0; b < run; b++) {
                offsets[b] = settings.offset(js[from + done + b] - 1);
            }
            sliceOffsets(l, offsets, done);
            done += run;
        }
        if (planes != null) {
            planes.count(n);
        }
        timings.addSlicing(System.nanoTime() - start, n);
        return buffer;
    }

    /** Slices direction {@code l} at {@code offsets} into buffer slices {@code at ..}. */
    private void sliceOffsets(int l, double[] offsets, int at) {
        int size = settings.sliceSize();
        int n = offsets.length;
        if (planes != null) {
            double[] normal = dirs.normal(l);
            for (int b = 0; b < n; b++) {
                // The centre as Slicer.parallelSlices computes it.
                double s = offsets[b];
                planes.set(at + b, new double[] {s * normal[0], s * normal[1], s * normal[2]}, dirs.u(l), dirs.v(l));
            }
            return;
        }
        slicer.parallelSlices(
                dirs.normal(l),
                dirs.u(l),
                dirs.v(l),
                offsets,
                size,
                size,
                buffer,
                at * size * size,
                settings.threads());
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
