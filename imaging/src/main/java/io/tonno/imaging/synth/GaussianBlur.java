package io.tonno.imaging.synth;

import java.util.stream.IntStream;

/**
 * Separable Gaussian smoothing of a 3D array in axis-0-fastest order ({@code data[i + nx * (j + ny * k)]}),
 * zero outside the array. The kernel is truncated at {@code ceil(3σ)} and normalised to sum 1. Every output
 * voxel is computed independently (lines in parallel), so the result does not depend on thread scheduling.
 */
final class GaussianBlur {
    private GaussianBlur() {}

    /**
     * Smooths {@code data} in place.
     *
     * @param shape {@code (nx, ny, nz)}
     * @param sigma standard deviation per axis in voxels; 0 leaves that axis alone
     */
    static void apply(float[] data, int[] shape, double[] sigma) {
        float[] tmp = new float[data.length];
        for (int axis = 0; axis < 3; axis++) {
            if (sigma[axis] > 0) {
                pass(data, tmp, shape, axis, kernel(sigma[axis]));
                System.arraycopy(tmp, 0, data, 0, data.length);
            }
        }
    }

    static float[] kernel(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * radius + 1];
        double sum = 0;
        for (int t = -radius; t <= radius; t++) {
            sum += Math.exp(-0.5 * t * t / (sigma * sigma));
        }
        for (int t = -radius; t <= radius; t++) {
            k[t + radius] = (float) (Math.exp(-0.5 * t * t / (sigma * sigma)) / sum);
        }
        return k;
    }

    /** One 1D convolution along {@code axis}, from {@code src} into {@code dst}. */
    private static void pass(float[] src, float[] dst, int[] shape, int axis, float[] k) {
        int nx = shape[0];
        int ny = shape[1];
        int len = shape[axis];
        int stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
        int radius = k.length / 2;
        // One task per line along the axis: lines are indexed by the two other coordinates.
        int lines = src.length / len;
        IntStream.range(0, lines).parallel().forEach(line -> {
            int start = switch (axis) {
                case 0 -> line * nx;
                case 1 -> line % nx + (line / nx) * nx * ny;
                default -> line;
            };
            for (int p = 0; p < len; p++) {
                int lo = Math.max(0, p - radius);
                int hi = Math.min(len - 1, p + radius);
                float s = 0;
                for (int q = lo; q <= hi; q++) {
                    s += k[q - p + radius] * src[start + q * stride];
                }
                dst[start + p * stride] = s;
            }
        });
    }
}
