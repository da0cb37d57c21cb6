package io.tonno.imaging.preprocess;

import io.tonno.imaging.Volume;
import java.util.stream.IntStream;

/**
 * Resamples a volume to a new voxel spacing on the same axes.
 *
 * <p>Geometry: output voxel {@code p} along axis {@code a} samples input index {@code x = p · r_a} with
 * {@code r_a = newSpacing / spacing_a}, so voxel 0 keeps its centre and the output affine is the input affine
 * with column {@code a} multiplied by {@code r_a}; every output voxel therefore sits at the same world position
 * as the input point it was interpolated from. The output extent is {@code floor((n_a - 1) / r_a) + 1}, the
 * largest grid that does not extrapolate. Images use trilinear interpolation, masks nearest neighbour
 * (rounding to the closest input index). Work is split over output slices (parallel).
 */
public final class Resampler {
    private Resampler() {}

    /** Trilinear resampling to {@code spacing} mm (isotropic). */
    public static Volume trilinear(Volume in, double spacing) {
        return resample(in, new double[] {spacing, spacing, spacing}, false);
    }

    /** Nearest-neighbour resampling to {@code spacing} mm (isotropic), for label masks. */
    public static Volume nearest(Volume in, double spacing) {
        return resample(in, new double[] {spacing, spacing, spacing}, true);
    }

    /** Per-axis ratio {@code newSpacing / spacing}: input index = output index × ratio. */
    public static double[] ratios(Volume in, double[] newSpacing) {
        double[] s = in.spacing();
        return new double[] {newSpacing[0] / s[0], newSpacing[1] / s[1], newSpacing[2] / s[2]};
    }

    /** Output shape for the given ratios. */
    public static int[] outputShape(int[] shape, double[] ratio) {
        int[] out = new int[3];
        for (int a = 0; a < 3; a++) {
            out[a] = (int) Math.floor((shape[a] - 1) / ratio[a] + 1e-9) + 1;
        }
        return out;
    }

    static Volume resample(Volume in, double[] newSpacing, boolean nearest) {
        for (double s : newSpacing) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("target spacing must be finite and > 0, got " + s);
            }
        }
        double[] r = ratios(in, newSpacing);
        int[] inShape = in.shape();
        int[] outShape = outputShape(inShape, r);
        double[] aff = in.affine();
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                aff[row * 4 + col] *= r[col];
            }
        }
        Volume out = Volume.zeros(outShape, newSpacing, aff);
        float[] src = in.data();
        float[] dst = out.data();
        int nx = inShape[0];
        int ny = inShape[1];
        int nz = inShape[2];
        int ox = outShape[0];
        int oy = outShape[1];
        // Precompute the per-axis source indices and weights once.
        int[][] lo = new int[3][];
        float[][] w = new float[3][];
        for (int a = 0; a < 3; a++) {
            lo[a] = new int[outShape[a]];
            w[a] = new float[outShape[a]];
            for (int p = 0; p < outShape[a]; p++) {
                double x = Math.min(p * r[a], inShape[a] - 1);
                if (nearest) {
                    lo[a][p] = (int) Math.min(inShape[a] - 1, Math.floor(x + 0.5));
                } else {
                    int l = (int) Math.min(Math.floor(x), inShape[a] - 2 < 0 ? 0 : inShape[a] - 2);
                    lo[a][p] = l;
                    w[a][p] = (float) (x - l);
                }
            }
        }
        IntStream.range(0, outShape[2]).parallel().forEach(k -> {
            if (nearest) {
                for (int j = 0; j < oy; j++) {
                    int srcRow = nx * (lo[1][j] + ny * lo[2][k]);
                    int dstRow = ox * (j + oy * k);
                    for (int i = 0; i < ox; i++) {
                        dst[dstRow + i] = src[srcRow + lo[0][i]];
                    }
                }
                return;
            }
            int k0 = lo[2][k];
            int k1 = Math.min(k0 + 1, nz - 1);
            float wk = w[2][k];
            for (int j = 0; j < oy; j++) {
                int j0 = lo[1][j];
                int j1 = Math.min(j0 + 1, ny - 1);
                float wj = w[1][j];
                int r00 = nx * (j0 + ny * k0);
                int r10 = nx * (j1 + ny * k0);
                int r01 = nx * (j0 + ny * k1);
                int r11 = nx * (j1 + ny * k1);
                int dstRow = ox * (j + oy * k);
                for (int i = 0; i < ox; i++) {
                    int i0 = lo[0][i];
                    int i1 = Math.min(i0 + 1, nx - 1);
                    float wi = w[0][i];
                    float c00 = src[r00 + i0] + wi * (src[r00 + i1] - src[r00 + i0]);
                    float c10 = src[r10 + i0] + wi * (src[r10 + i1] - src[r10 + i0]);
                    float c01 = src[r01 + i0] + wi * (src[r01 + i1] - src[r01 + i0]);
                    float c11 = src[r11 + i0] + wi * (src[r11 + i1] - src[r11 + i0]);
                    float c0 = c00 + wj * (c10 - c00);
                    float c1 = c01 + wj * (c11 - c01);
                    dst[dstRow + i] = c0 + wk * (c1 - c0);
                }
            }
        });
        return out;
    }
}
