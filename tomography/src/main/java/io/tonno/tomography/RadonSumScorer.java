package io.tonno.tomography;

/**
 * The approximate Radon transform of {@code method.md} §5: score = 4 × the mean of the slice's pixels.
 * A slice with unit in-plane vectors covers the square {@code [-1,1]²} of area 4, so the score approximates
 * the plane integral of a volume supported in the unit ball, and ToNNO with this scorer reconstructs the
 * volume itself ({@code G ≈ V}). The mean is summed in double in a fixed order (four interleaved partial sums,
 * then their sum), so a slice's score does not depend on the batch it comes in.
 */
public final class RadonSumScorer implements SliceScorer {
    /** Area of the square {@code [-1,1]²} covered by a unit-vector slice. */
    public static final double SLICE_AREA = 4.0;

    @Override
    public void score(float[] slices, int count, int height, int width, double[] scores) {
        int size = height * width;
        for (int b = 0; b < count; b++) {
            int base = b * size;
            int end = base + size;
            // Independent partial sums break the add latency chain; their order is fixed.
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int p = base;
            for (; p + 3 < end; p += 4) {
                s0 += slices[p];
                s1 += slices[p + 1];
                s2 += slices[p + 2];
                s3 += slices[p + 3];
            }
            for (; p < end; p++) {
                s0 += slices[p];
            }
            scores[b] = SLICE_AREA * ((s0 + s1) + (s2 + s3)) / size;
        }
    }
}
