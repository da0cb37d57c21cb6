package io.tonno.tomography;

/**
 * Scores a batch of slices with a {@code mapHeight×mapWidth} map each: the CAM {@code P_m(a, b)} of
 * {@code method.md} §8. Map cell {@code (a, b)} summarises the block of slice pixels it covers and sits at
 * that block's centre (a 56×56 map of a 224×224 slice covers 4×4 pixels per cell).
 *
 * <p>Implementations need not be thread-safe.
 */
public interface SliceMapScorer {
    /** Map shape {@code {mapHeight, mapWidth}} for slices of {@code height×width}. */
    int[] mapShape(int height, int width);

    /**
     * @param slices {@code (count, height, width)} row-major
     * @param count  number of slices
     * @param maps   receives {@code (count, mapHeight, mapWidth)} row-major
     */
    void score(float[] slices, int count, int height, int width, float[] maps);

    /** The number of slices this scorer prefers per call. */
    default int preferredBatchSize() {
        return 64;
    }
}
