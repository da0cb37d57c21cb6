package io.tonno.tomography;

/**
 * Scores a batch of slices with one number each: the {@code p_m} of {@code method.md} §5–6
 * (the approximate Radon transform, or a network's logit).
 *
 * <p>Implementations may be stateful (a network on a device) and need not be thread-safe: the
 * reconstruction calls one scorer from one thread at a time.
 */
public interface SliceScorer {
    /**
     * @param slices {@code (count, height, width)} row-major, pixel {@code (b, i, j)} at
     *               {@code (b*height + i)*width + j}; may be longer than needed
     * @param count  number of slices in the batch
     * @param scores receives {@code count} scores, {@code scores[b]} for slice {@code b}
     */
    void score(float[] slices, int count, int height, int width, double[] scores);

    /** The number of slices this scorer prefers per call (memory and device efficiency). */
    default int preferredBatchSize() {
        return 256;
    }
}
