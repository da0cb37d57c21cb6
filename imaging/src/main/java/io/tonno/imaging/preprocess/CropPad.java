package io.tonno.imaging.preprocess;

import io.tonno.imaging.Volume;
import io.tonno.imaging.label.VoxelBounds;

/**
 * Extracts a box of a volume, padding where the box leaves the volume. Output voxel {@code p} is input voxel
 * {@code p + offset}; the output affine is the input affine translated by {@code A · offset}, so world
 * positions are unchanged.
 */
public final class CropPad {
    private CropPad() {}

    /**
     * @param offset input index of output voxel (0,0,0) per axis; may be negative (padding before)
     * @param shape  output shape
     * @param fill   value of voxels outside the input
     */
    public static Volume extract(Volume in, int[] offset, int[] shape, float fill) {
        double[] aff = in.affine();
        for (int row = 0; row < 3; row++) {
            aff[row * 4 + 3] += aff[row * 4] * offset[0] + aff[row * 4 + 1] * offset[1] + aff[row * 4 + 2] * offset[2];
        }
        Volume out = Volume.zeros(shape, in.spacing(), aff);
        float[] dst = out.data();
        if (fill != 0) {
            java.util.Arrays.fill(dst, fill);
        }
        int nx = in.nx();
        int ny = in.ny();
        int nz = in.nz();
        float[] src = in.data();
        int i0 = Math.max(0, -offset[0]);
        int i1 = Math.min(shape[0], nx - offset[0]);
        for (int k = 0; k < shape[2]; k++) {
            int sk = k + offset[2];
            if (sk < 0 || sk >= nz) {
                continue;
            }
            for (int j = 0; j < shape[1]; j++) {
                int sj = j + offset[1];
                if (sj < 0 || sj >= ny || i1 <= i0) {
                    continue;
                }
                System.arraycopy(
                        src, (i0 + offset[0]) + nx * (sj + ny * sk), dst, i0 + shape[0] * (j + shape[1] * k), i1 - i0);
            }
        }
        return out;
    }

    /** Inclusive bounding box {@code {i0, j0, k0, i1, j1, k1}} of non-zero voxels, or {@code null} when none. */
    public static int[] nonZeroBounds(Volume v) {
        VoxelBounds b = new VoxelBounds();
        float[] d = v.data();
        int nx = v.nx();
        int ny = v.ny();
        for (int k = 0; k < v.nz(); k++) {
            for (int j = 0; j < ny; j++) {
                int row = nx * (j + ny * k);
                for (int i = 0; i < nx; i++) {
                    if (d[row + i] != 0) {
                        b.add(i, j, k);
                    }
                }
            }
        }
        return b.corners();
    }

    /** Offset that centres an extent of {@code target} on an extent of {@code current} (crop or pad). */
    public static int centredOffset(int current, int target) {
        return (current - target) / 2;
    }
}
