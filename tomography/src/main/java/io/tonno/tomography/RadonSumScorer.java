package io.tonno.tomography;

/**
 * The approximate Radon transform of {@code method.md} §5: score = 4 × the mean of the slice's pixels.
 * A slice with unit in-plane vectors covers the square {@code [-1,1]²} of area 4, so the score approximates
 * the plane integral of a volume supported in the unit ball, and ToNNO with this scorer reconstructs the
 * volume itself ({@code G ≈ V}). The mean is summed in double, pixel by pixel in order, so a slice's score
 * does not depend on the batch it comes in.
 */
public final class RadonSumScorer implements SliceScorer {
    /** Area of the square {@code [-1,1]²} covered by a unit-vector slice. */
    public static final double SLICE_AREA = 4.0;

    @Override
    public void score(float[] slices, int count, int height, int width, double[] scores) {
        int size = height * width;
        for (int b = 0; b < count; b++) {
            double sum = 0;
            int base = b * size;
            for (int p = 0; p < size; p++) {
                sum += slices[base + p];
            }
            scores[b] = SLICE_AREA * sum / size;
        }
    }
}
