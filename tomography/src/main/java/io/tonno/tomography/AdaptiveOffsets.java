package io.tonno.tomography;

import io.tonno.imaging.Volume;
import java.util.Arrays;

/**
 * ToNNO's sinogram with fewer scorer calls along the offset ({@link ReconstructionSettings#adaptiveOffsets}; the
 * measurements are in docs/tomography.md, "Adaptive offsets").
 *
 * <p>For each direction, the slices that meet the body ({@link PlaneSupport}) are scored on a grid of every
 * {@value #STRIDE}th from the first, plus the last. Then, in passes, each gap {@code a < b} between scored slices with
 * {@code b - a >= 2} gets its middle slice {@code ⌊(a + b)/2⌋} scored when the cubic through the scored slices around
 * the gap (fewer at the ends) and the line from {@code a} to {@code b} predict it more than the tolerance apart; the
 * passes end when no gap asks for a slice. Every slice that was not scored takes the natural cubic spline along the
 * offset through the scored ones and the slices outside the body (the all-zero slice's score). The same rules as
 * {@link OffsetInterpolation}, which applies them to a sinogram already scored in full: with a scorer whose result
 * for a slice does not depend on its batch, the two give the same sinogram bit for bit.
 *
 * <p>Chunking: a pass's slices are batched per block of {@value #BLOCK} consecutive directions ({@code l / BLOCK}),
 * and a chunk computes every block it touches whole, keeping its own directions. So each slice is scored in the same
 * batch whatever the chunking, and chunked sinograms equal the whole one bit for bit, at the cost of at most two
 * partly used blocks per chunk.
 */
public final class AdaptiveOffsets {
    /** Every {@code STRIDE}th in-body slice of a direction is scored before any refinement. */
    public static final int STRIDE = 4;

    /** Directions whose passes are batched together. */
    public static final int BLOCK = 16;

    private AdaptiveOffsets() {}

    /** The rows of {@code chunk}, as {@link Reconstruction#sinogram} returns them. */
    static Sinogram sinogram(
            Volume volume,
            SliceScorer scorer,
            DirectionSet dirs,
            ReconstructionSettings settings,
            DirectionChunk chunk,
            int batch,
            Timings timings) {
        int per = settings.slicesPerDirection();
        int size = settings.sliceSize();
        double tolerance = settings.adaptiveOffsets();
        PlaneSupport support = PlaneSupport.body(volume, dirs, settings);
        int firstBlock = chunk.first() / BLOCK;
        int endBlock = (chunk.first() + chunk.count() - 1) / BLOCK + 1;
        int lo = firstBlock * BLOCK;
        int hi = Math.min(dirs.size(), endBlock * BLOCK);
        double[] rows = new double[(hi - lo) * per];
        boolean missed = false;
        for (int l = lo; l < hi; l++) {
            missed |= support.count(l) < per;
        }
        if (missed) {
            long start = System.nanoTime();
            double[] empty = new double[1];
            scorer.score(new float[size * size], 1, size, size, empty);
            timings.addScoring(System.nanoTime() - start, 1);
            Arrays.fill(rows, empty[0]);
        }
        boolean cuts = scorer instanceof PlaneScorer p && p.cutsSlices(volume);
        ChunkSlicer slicer = cuts
                ? new ChunkSlicer(dirs, settings, batch, support)
                : new ChunkSlicer(new Slicer(volume), dirs, settings, batch, support);
        double[] out = new double[chunk.count() * per];
        try (PlaneScorer.Session session = cuts ? ((PlaneScorer) scorer).open(volume) : null) {
            for (int b = firstBlock; b < endBlock; b++) {
                int bl = b * BLOCK;
                int bh = Math.min(dirs.size(), bl + BLOCK);
                boolean[][] known = new boolean[bh - bl][per];
                int[] ls = new int[(bh - bl) * per];
                int[] js = new int[ls.length];
                int n = 0;
                for (int l = bl; l < bh; l++) {
                    Arrays.fill(known[l - bl], true);
                    OffsetInterpolation.grid(known[l - bl], support.first(l), support.count(l), STRIDE);
                    for (int j = support.first(l); j < support.first(l) + support.count(l); j++) {
                        if (known[l - bl][j]) {
                            ls[n] = l;
                            js[n++] = j;
                        }
                    }
                }
                while (n > 0) {
                    score(slicer, session, scorer, ls, js, n, batch, size, rows, lo, per, timings);
                    n = 0;
                    for (int l = bl; l < bh; l++) {
                        double[] row = Arrays.copyOfRange(rows, (l - lo) * per, (l - lo + 1) * per);
                        for (int mid : OffsetInterpolation.refinements(row, known[l - bl], tolerance)) {
                            known[l - bl][mid] = true;
                            ls[n] = l;
                            js[n++] = mid;
                        }
                    }
                }
                for (int l = Math.max(bl, chunk.first()); l < Math.min(bh, chunk.first() + chunk.count()); l++) {
                    double[] row = Arrays.copyOfRange(rows, (l - lo) * per, (l - lo + 1) * per);
                    System.arraycopy(row, 0, out, (l - chunk.first()) * per, per);
                    OffsetInterpolation.spline(row, known[l - bl], out, (l - chunk.first()) * per);
                }
            }
        }
        return new Sinogram(dirs.size(), settings.lattice(), settings.slices(), chunk.first(), chunk.count(), out);
    }

    /** Scores the slices {@code (ls[i], js[i])}, {@code i < n}, in batches of {@code batch}, into {@code rows}. */
    private static void score(
            ChunkSlicer slicer,
            PlaneScorer.Session session,
            SliceScorer scorer,
            int[] ls,
            int[] js,
            int n,
            int batch,
            int size,
            double[] rows,
            int firstRow,
            int per,
            Timings timings) {
        double[] scores = new double[batch];
        for (int from = 0; from < n; from += batch) {
            int count = Math.min(batch, n - from);
            float[] buffer = slicer.sliceList(ls, js, from, count, timings);
            long start = System.nanoTime();
            if (session != null) {
                session.score(slicer.planes(), size, size, scores);
            } else {
                scorer.score(buffer, count, size, size, scores);
            }
            timings.addScoring(System.nanoTime() - start, count);
            for (int i = 0; i < count; i++) {
                rows[(ls[from + i] - firstRow) * per + js[from + i]] = scores[i];
            }
        }
    }
}
