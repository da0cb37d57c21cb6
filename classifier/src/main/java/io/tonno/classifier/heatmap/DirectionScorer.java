package io.tonno.classifier.heatmap;

import io.tonno.tomography.SliceMapScorer;
import io.tonno.tomography.SliceScorer;

/**
 * What scores the {@code S×S} slices of a direction-set method ({@link HeatmapMethod#isChunked()}): one number per
 * slice for ToNNO ({@link Scalar}: a network's logit, or the Radon sum), one {@code h×w} map per slice for Averaged
 * and Tomographic CAM ({@link Maps}: a CAM, or pooled pixels). {@link HeatmapMethods#reconstruct} takes either and
 * refuses the wrong kind for the method.
 */
public sealed interface DirectionScorer permits DirectionScorer.Scalar, DirectionScorer.Maps {
    /** One score per slice. */
    record Scalar(SliceScorer scorer) implements DirectionScorer {}

    /** One map per slice. */
    record Maps(SliceMapScorer scorer) implements DirectionScorer {}
}
