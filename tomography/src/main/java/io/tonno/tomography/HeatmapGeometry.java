package io.tonno.tomography;

import io.tonno.imaging.Volume;

/**
 * The physical grid of a heatmap whose shape may differ from its input's. Both are the cube
 * {@code [-1,1]^3} with align corners ({@code method.md} §2), so output index {@code o} on an axis of
 * extent {@code n'} sits at input index {@code o·(n-1)/(n'-1)} (the centre {@code (n-1)/2} when
 * {@code n' = 1}); the output affine is the input affine composed with that index map.
 */
public final class HeatmapGeometry {
    private HeatmapGeometry() {}

    /** A zero volume of {@code shape} on the physical grid of {@code input}. */
    public static Volume like(Volume input, int[] shape) {
        if (java.util.Arrays.equals(shape, input.shape())) {
            return Volume.zerosLike(input);
        }
        int[] in = input.shape();
        double[] a = input.affine();
        double[] spacing = input.spacing();
        double[] scale = new double[3];
        double[] shift = new double[3];
        for (int ax = 0; ax < 3; ax++) {
            if (shape[ax] == 1) {
                scale[ax] = in[ax] == 1 ? 1 : in[ax] - 1.0;
                shift[ax] = (in[ax] - 1) / 2.0;
            } else {
                scale[ax] = (in[ax] - 1.0) / (shape[ax] - 1);
                shift[ax] = 0;
            }
        }
        double[] out = new double[16];
        for (int r = 0; r < 4; r++) {
            double translation = a[4 * r + 3];
            for (int c = 0; c < 3; c++) {
                out[4 * r + c] = a[4 * r + c] * scale[c];
                translation += a[4 * r + c] * shift[c];
            }
            out[4 * r + 3] = translation;
        }
        double[] outSpacing = new double[3];
        for (int ax = 0; ax < 3; ax++) {
            outSpacing[ax] = spacing[ax] * scale[ax];
        }
        return Volume.zeros(shape, outSpacing, out);
    }

    /** Cube coordinate of index {@code i} on an axis of extent {@code n}: {@code 2i/(n-1) - 1}, or 0 if {@code n = 1}. */
    public static double coordinate(int i, int n) {
        return n == 1 ? 0 : 2.0 * i / (n - 1) - 1;
    }

    /** Step of the cube coordinate per index on an axis of extent {@code n}. */
    static double step(int n) {
        return n == 1 ? 0 : 2.0 / (n - 1);
    }
}
