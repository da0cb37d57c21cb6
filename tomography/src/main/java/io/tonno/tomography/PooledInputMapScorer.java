package io.tonno.tomography;

/**
 * The slice itself, average-pooled to {@code k×k}: the "CAM of the input" of the paper's Fig. 4, which
 * checks the Averaged and Tomographic map reconstructions ({@code method.md} §8) without a network.
 *
 * <p>Cell {@code (a, b)} of an {@code h×w} slice averages rows {@code [floor(a·h/k), ceil((a+1)·h/k))} and
 * columns {@code [floor(b·w/k), ceil((b+1)·w/k))} (adaptive average pooling; exact blocks of
 * {@code h/k × w/k} pixels when {@code k} divides the size). The reconstruction places the cell at the
 * centre of its block.
 */
public final class PooledInputMapScorer implements SliceMapScorer {
    private final int k;

    /** Pools to {@code k×k}, {@code k >= 1}. */
    public PooledInputMapScorer(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("pooled map size must be >= 1, got " + k);
        }
        this.k = k;
    }

    /** The pooled size {@code k}. */
    public int size() {
        return k;
    }

    @Override
    public int[] mapShape(int height, int width) {
        if (k > height || k > width) {
            throw new IllegalArgumentException("cannot pool a " + height + "x" + width + " slice to " + k + "x" + k);
        }
        return new int[] {k, k};
    }

    @Override
    public void score(float[] slices, int count, int height, int width, float[] maps) {
        mapShape(height, width);
        int size = height * width;
        for (int s = 0; s < count; s++) {
            int in = s * size;
            int out = s * k * k;
            for (int a = 0; a < k; a++) {
                int r0 = a * height / k;
                int r1 = ceilDiv((a + 1) * height, k);
                for (int b = 0; b < k; b++) {
                    int c0 = b * width / k;
                    int c1 = ceilDiv((b + 1) * width, k);
                    double sum = 0;
                    for (int r = r0; r < r1; r++) {
                        int row = in + r * width;
                        for (int c = c0; c < c1; c++) {
                            sum += slices[row + c];
                        }
                    }
                    maps[out + a * k + b] = (float) (sum / ((r1 - r0) * (c1 - c0)));
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
