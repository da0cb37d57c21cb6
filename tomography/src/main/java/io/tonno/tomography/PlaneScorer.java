package io.tonno.tomography;

import io.tonno.imaging.Volume;

/**
 * A {@link SliceScorer} that can also cut the slices itself, where it scores them (a network on a GPU): the
 * reconstruction then hands it plane geometry ({@link PlaneBatch}) instead of pixels, and no slice crosses the
 * bus. The scores must be those of {@link SliceScorer#score} on the {@link Slicer}'s slices of the same planes.
 */
public interface PlaneScorer extends SliceScorer {
    /** A volume loaded where the scorer cuts its slices. */
    interface Session extends AutoCloseable {
        /**
         * Scores the {@link PlaneBatch#count} planes of {@code planes}, cut at {@code height × width}, into
         * {@code scores[0 .. count-1]}.
         */
        void score(PlaneBatch planes, int height, int width, double[] scores);

        @Override
        void close();
    }

    /**
     * Whether this scorer cuts {@code volume}'s slices itself; when false the caller slices on the host and calls
     * {@link #score}.
     */
    boolean cutsSlices(Volume volume);

    /** Loads {@code volume} for {@link Session#score}; only when {@link #cutsSlices} says so. */
    Session open(Volume volume);
}
