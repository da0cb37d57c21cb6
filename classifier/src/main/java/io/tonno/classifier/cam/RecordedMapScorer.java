package io.tonno.classifier.cam;

import io.tonno.tomography.SliceMapScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records the maps of one reconstruction and replays them for a second one over the same slices in the same
 * order, so that Averaged and Tomographic CAM of one volume share one set of network passes (they differ only in
 * how the maps are backprojected, {@code method.md} §8). Call {@link #replay()} between the two reconstructions;
 * the second must use the same volume and reconstruction settings.
 *
 * <p>Memory: all maps of one reconstruction ({@code L·(M+2)·h·w} floats). Not thread-safe, as
 * {@link SliceMapScorer} allows.
 */
public final class RecordedMapScorer implements SliceMapScorer {
    private final SliceMapScorer inner;
    private final List<float[]> recorded = new ArrayList<>();
    private boolean replaying;
    private int next;
    private long networkNanos;

    public RecordedMapScorer(SliceMapScorer inner) {
        this.inner = inner;
    }

    /** Switches to replaying the recorded maps from the first batch. */
    public void replay() {
        replaying = true;
        next = 0;
    }

    /** Wall time spent in the wrapped scorer while recording, in nanoseconds. */
    public long networkNanos() {
        return networkNanos;
    }

    @Override
    public int[] mapShape(int height, int width) {
        return inner.mapShape(height, width);
    }

    @Override
    public void score(float[] slices, int count, int height, int width, float[] maps) {
        int[] ms = inner.mapShape(height, width);
        int n = count * ms[0] * ms[1];
        if (replaying) {
            if (next >= recorded.size() || recorded.get(next).length != n) {
                throw new IllegalStateException("replayed reconstruction asks for other slices than were recorded");
            }
            System.arraycopy(recorded.get(next++), 0, maps, 0, n);
            return;
        }
        long t = System.nanoTime();
        inner.score(slices, count, height, width, maps);
        networkNanos += System.nanoTime() - t;
        recorded.add(Arrays.copyOf(maps, n));
    }

    @Override
    public int preferredBatchSize() {
        return inner.preferredBatchSize();
    }
}
