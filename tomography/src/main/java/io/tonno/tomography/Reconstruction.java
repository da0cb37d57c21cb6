package io.tonno.tomography;

import io.tonno.imaging.Volume;

/**
 * Reconstructs a 3D heatmap from the scores or maps of the slices of a volume ({@code method.md} §5–§8).
 *
 * <p><b>ToNNO</b> ({@link #tonno}): every direction {@code l} of the {@link DirectionSet} contributes
 * {@code M+2} slices at offsets {@code s_m = 2m/(M-1) - 1}, {@code m = -1..M}, each scored by a
 * {@link SliceScorer}; the {@link Sinogram} of scores is inverted by {@link SinogramBackprojector}. With the
 * {@link RadonSumScorer} the result approximates the volume itself.
 *
 * <p><b>Maps</b> ({@link #averaged}, {@link #tomographic}): a {@link SliceMapScorer} gives each slice a map;
 * {@link MapMethod} says how maps become a volume.
 *
 * <p><b>Chunks.</b> Each method also runs on a {@link DirectionChunk}: ToNNO gives the chunk's
 * {@link Sinogram} ({@code (count, M+2)} scores), maps give a {@link PartialVolume}. Chunk results combine by
 * addition ({@link Sinogram#merge}, {@link PartialVolume#add}); the whole reconstruction is the sum of its
 * chunks up to double rounding, whatever the chunking and thread count.
 *
 * <p><b>Memory.</b> The volume, the output (double accumulation, then float32) and one batch of slices
 * (plus, for maps, the maps of up to 64 directions, within the size of one batch of slices); nothing grows
 * with {@code L} but the
 * sinogram's {@code L·(M+2)} doubles.
 *
 * <p><b>Coordinates.</b> Input and output are the cube {@code [-1,1]^3} (align corners); the output shape
 * defaults to the input's and may differ ({@link HeatmapGeometry} gives its affine).
 */
public final class Reconstruction {
    /** Most directions whose maps are backprojected in one sweep of the output. */
    private static final int MAX_MAP_GROUP = 64;

    private final ReconstructionSettings settings;
    private final DirectionSet directions;

    public Reconstruction(ReconstructionSettings settings) {
        this.settings = settings;
        this.directions = settings.directionSet();
    }

    public ReconstructionSettings settings() {
        return settings;
    }

    /** The direction set of these settings; chunks index into it. */
    public DirectionSet directions() {
        return directions;
    }

    /** All directions as one chunk. */
    public DirectionChunk wholeChunk() {
        return DirectionChunk.all(directions.size());
    }

    // ----- ToNNO -----

    /**
     * The scores of every slice of {@code chunk}: the ToNNO chunk result. With body offsets
     * ({@link ReconstructionSettings#bodyOffsets}) the slices that miss the volume's non-zero voxels are not cut
     * or scored: they are exactly zero, and take the score of one all-zero slice, computed once ({@link
     * PlaneSupport}). With adaptive offsets ({@link ReconstructionSettings#adaptiveOffsets}) only some of the body's
     * slices are scored and the others interpolated along the offset ({@link AdaptiveOffsets}).
     */
    public Sinogram sinogram(Volume volume, SliceScorer scorer, DirectionChunk chunk, Timings timings) {
        chunk.checkWithin(directions.size());
        int batch = settings.batchSize() > 0 ? settings.batchSize() : Math.max(1, scorer.preferredBatchSize());
        if (settings.adaptiveOffsets() != null) {
            return AdaptiveOffsets.sinogram(volume, scorer, directions, settings, chunk, batch, timings);
        }
        int perDirection = settings.slicesPerDirection();
        double[] scores = new double[chunk.count() * perDirection];
        double[] batchScores = new double[batch];
        int size = settings.sliceSize();
        PlaneSupport support = settings.bodyOffsets()
                ? PlaneSupport.body(volume, directions, settings)
                : PlaneSupport.all(directions, settings);
        // Slot in `scores` of each scored slice of the chunk, in grid order.
        long scored = support.start(chunk.first() + chunk.count()) - support.start(chunk.first());
        int[] slot = new int[Math.toIntExact(scored)];
        int k = 0;
        for (int l = chunk.first(); l < chunk.first() + chunk.count(); l++) {
            for (int j = 0; j < support.count(l); j++) {
                slot[k++] = (l - chunk.first()) * perDirection + support.first(l) + j;
            }
        }
        if (slot.length < scores.length) {
            long start = System.nanoTime();
            double[] empty = new double[1];
            scorer.score(new float[size * size], 1, size, size, empty);
            timings.addScoring(System.nanoTime() - start, 1);
            java.util.Arrays.fill(scores, empty[0]);
        }
        if (scorer instanceof PlaneScorer planeScorer && planeScorer.cutsSlices(volume)) {
            // The scorer cuts the slices where it runs: only the planes' geometry leaves this loop.
            ChunkSlicer walker = new ChunkSlicer(directions, settings, batch, support);
            try (PlaneScorer.Session session = planeScorer.open(volume)) {
                walker.forEachGridBatch(chunk.first(), chunk.count(), timings, (first, count, none, skip, n) -> {
                    long start = System.nanoTime();
                    session.score(walker.planes(), size, size, batchScores);
                    keep(scores, slot, first, count, batchScores, skip);
                    timings.addScoring(System.nanoTime() - start, n);
                });
            }
        } else {
            ChunkSlicer slicer = new ChunkSlicer(new Slicer(volume), directions, settings, batch, support);
            // Batches on the global grid: each slice's score is the same whatever the chunking (see ChunkSlicer).
            slicer.forEachGridBatch(chunk.first(), chunk.count(), timings, (first, count, buffer, skip, n) -> {
                long start = System.nanoTime();
                scorer.score(buffer, n, size, size, batchScores);
                keep(scores, slot, first, count, batchScores, skip);
                timings.addScoring(System.nanoTime() - start, n);
            });
        }
        return new Sinogram(
                directions.size(), settings.lattice(), settings.slices(), chunk.first(), chunk.count(), scores);
    }

    /** Copies the chunk's {@code count} scores of a grid batch, from {@code batchScores[skip ..]}, to their slots. */
    private static void keep(double[] scores, int[] slot, int first, int count, double[] batchScores, int skip) {
        for (int i = 0; i < count; i++) {
            scores[slot[first + i]] = batchScores[skip + i];
        }
    }

    /** {@link #sinogram(Volume, SliceScorer, DirectionChunk, Timings)} without timings. */
    public Sinogram sinogram(Volume volume, SliceScorer scorer, DirectionChunk chunk) {
        return sinogram(volume, scorer, chunk, new Timings());
    }

    /** The scores of all slices. */
    public Sinogram sinogram(Volume volume, SliceScorer scorer) {
        return sinogram(volume, scorer, wholeChunk());
    }

    /** Filtered backprojection of a sinogram (any chunk) onto {@code outShape}. */
    public PartialVolume backproject(Sinogram sinogram, int[] outShape, Timings timings) {
        boolean ours = sinogram.lattice() == settings.lattice() && sinogram.directions() == directions.size();
        return ours
                ? SinogramBackprojector.backproject(sinogram, directions, outShape, settings.threads(), timings)
                : SinogramBackprojector.backproject(sinogram, outShape, settings.threads(), timings);
    }

    /** {@link #backproject(Sinogram, int[], Timings)} without timings. */
    public PartialVolume backproject(Sinogram sinogram, int[] outShape) {
        return backproject(sinogram, outShape, new Timings());
    }

    /** ToNNO heatmap of {@code volume} on its own grid. */
    public Volume tonno(Volume volume, SliceScorer scorer) {
        return tonno(volume, scorer, volume.shape(), new Timings());
    }

    /** ToNNO heatmap of {@code volume} on a grid of {@code outShape} over the same cube. */
    public Volume tonno(Volume volume, SliceScorer scorer, int[] outShape, Timings timings) {
        Sinogram sinogram = sinogram(volume, scorer, wholeChunk(), timings);
        return backproject(sinogram, outShape, timings).toVolume(volume);
    }

    // ----- Averaged and Tomographic maps -----

    /**
     * The backprojection of the maps of the slices of {@code chunk}: the map chunk result.
     *
     * @param outShape output grid shape {@code (nx, ny, nz)}
     */
    public PartialVolume maps(
            Volume volume,
            SliceMapScorer scorer,
            MapMethod method,
            DirectionChunk chunk,
            int[] outShape,
            Timings timings) {
        chunk.checkWithin(directions.size());
        int size = settings.sliceSize();
        int[] mapShape = scorer.mapShape(size, size);
        int cells = mapShape[0] * mapShape[1];
        int perDirection = settings.slicesPerDirection();
        int batch = settings.batchSize() > 0 ? settings.batchSize() : Math.max(1, scorer.preferredBatchSize());
        // Whole directions are backprojected together, as many as keep their maps within the memory of one
        // batch of slices (at least one, at most 64): small maps (pooled CAMs) then share one sweep of the output.
        long mapFloats = (long) perDirection * cells;
        long batchFloats = (long) batch * size * size;
        int group = (int) Math.max(1, Math.min(MAX_MAP_GROUP, batchFloats / mapFloats));
        float[] groupMaps = new float[group * perDirection * cells];
        float[] batchMaps = new float[batch * cells];
        MapBackprojector projector = new MapBackprojector(
                outShape,
                directions,
                method,
                settings.slices(),
                size,
                size,
                mapShape[0],
                mapShape[1],
                settings.threads());
        double[] tables = projector.newTables(group);
        PartialVolume out = PartialVolume.zeros(outShape);
        ChunkSlicer slicer =
                new ChunkSlicer(new Slicer(volume), directions, settings, Math.min(batch, group * perDirection));
        for (int g0 = 0; g0 < chunk.count(); g0 += group) {
            int first = chunk.first() + g0;
            int count = Math.min(group, chunk.count() - g0);
            slicer.forEachBatch(first, count, timings, (firstSlice, n, buffer) -> {
                long start = System.nanoTime();
                scorer.score(buffer, n, size, size, batchMaps);
                System.arraycopy(batchMaps, 0, groupMaps, firstSlice * cells, n * cells);
                timings.addScoring(System.nanoTime() - start, n);
            });
            long start = System.nanoTime();
            projector.accumulate(groupMaps, first, count, tables, out.data());
            timings.addBackprojection(System.nanoTime() - start, (long) out.data().length * count);
        }
        return out;
    }

    /** The whole map reconstruction of {@code volume} on a grid of {@code outShape}. */
    public Volume maps(Volume volume, SliceMapScorer scorer, MapMethod method, int[] outShape, Timings timings) {
        return maps(volume, scorer, method, wholeChunk(), outShape, timings).toVolume(volume);
    }

    /** Averaged reconstruction on the input's grid. */
    public Volume averaged(Volume volume, SliceMapScorer scorer) {
        return maps(volume, scorer, MapMethod.AVERAGED, volume.shape(), new Timings());
    }

    /** Tomographic reconstruction on the input's grid. */
    public Volume tomographic(Volume volume, SliceMapScorer scorer) {
        return maps(volume, scorer, MapMethod.TOMOGRAPHIC, volume.shape(), new Timings());
    }
}
