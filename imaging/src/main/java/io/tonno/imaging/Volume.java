package io.tonno.imaging;

import java.util.Arrays;
import java.util.Objects;

/**
 * A 3D scalar image: float32 voxels, shape, spacing and the voxel-to-world affine.
 *
 * <p><b>Axes.</b> The three axes are the NIfTI {@code (i, j, k)} axes in that order (nibabel's array
 * axes). Shape is {@code (nx, ny, nz)}; {@code method.md} §2 calls them {@code (D, H, W)} and maps
 * slicing coordinate {@code p0} to axis 0.
 *
 * <p><b>Memory layout.</b> Voxels are stored in NIfTI file order, axis 0 fastest:
 * {@code data[i + nx * (j + ny * k)]}. An axial slice (fixed {@code k}) is therefore one contiguous
 * block of {@code nx * ny} floats.
 *
 * <p><b>Size.</b> A volume holds at most {@link #MAX_VOXELS} voxels (one Java array). Larger images are
 * rejected with an {@link IllegalArgumentException} rather than indexed in pieces; 512³ (1.3e8) and
 * 1024×1024×1024 fit well below the limit.
 *
 * <p><b>Units.</b> {@code spacing} is in millimetres per voxel along each axis. {@code affine} is the
 * 4×4 row-major matrix mapping voxel indices {@code (i, j, k, 1)} to RAS+ world millimetres, exactly as
 * nibabel's {@code img.affine}.
 *
 * <p>The voxel array is shared, not copied: {@link #data()} returns the backing array so that
 * large volumes are never duplicated by accident. Use {@link #copy()} for an independent volume.
 */
public final class Volume {
    /** The largest voxel count a volume may hold (the largest safe Java array length). */
    public static final long MAX_VOXELS = Integer.MAX_VALUE - 8L;

    private final int nx;
    private final int ny;
    private final int nz;
    private final double[] spacing;
    private final double[] affine;
    private final float[] data;

    /**
     * Wraps an existing voxel array.
     *
     * @param shape   {@code (nx, ny, nz)}, each at least 1
     * @param spacing millimetres per voxel along each axis, each finite and positive
     * @param affine  4×4 row-major voxel-to-world matrix (16 values)
     * @param data    voxels in axis-0-fastest order, length {@code nx*ny*nz}; not copied
     */
    public Volume(int[] shape, double[] spacing, double[] affine, float[] data) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(spacing, "spacing");
        Objects.requireNonNull(affine, "affine");
        Objects.requireNonNull(data, "data");
        if (shape.length != 3) {
            throw new IllegalArgumentException("shape must have 3 entries, got " + shape.length);
        }
        if (spacing.length != 3) {
            throw new IllegalArgumentException("spacing must have 3 entries, got " + spacing.length);
        }
        if (affine.length != 16) {
            throw new IllegalArgumentException("affine must have 16 entries, got " + affine.length);
        }
        long count = checkedVoxelCount(shape);
        for (int a = 0; a < 3; a++) {
            if (!(spacing[a] > 0) || !Double.isFinite(spacing[a])) {
                throw new IllegalArgumentException("spacing[" + a + "] must be finite and > 0, got " + spacing[a]);
            }
        }
        if (data.length != count) {
            throw new IllegalArgumentException(
                    "data length " + data.length + " does not match shape " + Arrays.toString(shape));
        }
        this.nx = shape[0];
        this.ny = shape[1];
        this.nz = shape[2];
        this.spacing = spacing.clone();
        this.affine = affine.clone();
        this.data = data;
    }

    /** A zero-filled volume with the given geometry. */
    public static Volume zeros(int[] shape, double[] spacing, double[] affine) {
        return new Volume(shape, spacing, affine, new float[(int) checkedVoxelCount(shape)]);
    }

    /** A zero-filled volume with unit spacing and the diagonal affine {@code diag(1,1,1,1)}. */
    public static Volume zeros(int nx, int ny, int nz) {
        return zeros(new int[] {nx, ny, nz}, new double[] {1, 1, 1}, identityAffine());
    }

    /** A zero-filled volume with the same shape, spacing and affine as {@code like}. */
    public static Volume zerosLike(Volume like) {
        return zeros(like.shape(), like.spacing, like.affine);
    }

    /** The diagonal affine with the given spacing and zero origin, row-major. */
    public static double[] diagonalAffine(double[] spacing) {
        return new double[] {spacing[0], 0, 0, 0, 0, spacing[1], 0, 0, 0, 0, spacing[2], 0, 0, 0, 0, 1};
    }

    /** The 4×4 identity, row-major. */
    public static double[] identityAffine() {
        return diagonalAffine(new double[] {1, 1, 1});
    }

    /**
     * Validates a shape and returns its voxel count.
     *
     * @throws IllegalArgumentException if an extent is below 1 or the count exceeds {@link #MAX_VOXELS}
     */
    public static long checkedVoxelCount(int[] shape) {
        long count = 1;
        for (int a = 0; a < shape.length; a++) {
            if (shape[a] < 1) {
                throw new IllegalArgumentException("shape[" + a + "] must be >= 1, got " + shape[a]);
            }
            count *= shape[a];
            if (count > MAX_VOXELS) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than " + MAX_VOXELS
                        + " voxels, the most one volume can hold");
            }
        }
        return count;
    }

    /** {@code (nx, ny, nz)}, a fresh array. */
    public int[] shape() {
        return new int[] {nx, ny, nz};
    }

    /** Extent of axis 0 ({@code i}). */
    public int nx() {
        return nx;
    }

    /** Extent of axis 1 ({@code j}). */
    public int ny() {
        return ny;
    }

    /** Extent of axis 2 ({@code k}). */
    public int nz() {
        return nz;
    }

    /** Number of voxels, {@code nx*ny*nz}. */
    public int voxelCount() {
        return data.length;
    }

    /** Millimetres per voxel along each axis, a fresh array. */
    public double[] spacing() {
        return spacing.clone();
    }

    /** The 4×4 row-major voxel-to-world affine (mm), a fresh array. */
    public double[] affine() {
        return affine.clone();
    }

    /** The backing voxel array in axis-0-fastest order; writes are visible in this volume. */
    public float[] data() {
        return data;
    }

    /** Linear index of voxel {@code (i, j, k)}. */
    public int index(int i, int j, int k) {
        return i + nx * (j + ny * k);
    }

    /** Voxel value at {@code (i, j, k)}. */
    public float get(int i, int j, int k) {
        return data[i + nx * (j + ny * k)];
    }

    /** Sets voxel {@code (i, j, k)}. */
    public void set(int i, int j, int k, float value) {
        data[i + nx * (j + ny * k)] = value;
    }

    /** An independent copy (voxels, spacing and affine). */
    public Volume copy() {
        return new Volume(shape(), spacing, affine, data.clone());
    }

    /** A volume with this geometry and the given voxels (same length, not copied). */
    public Volume withData(float[] newData) {
        return new Volume(shape(), spacing, affine, newData);
    }

    /** True when both volumes have the same shape. */
    public boolean sameShape(Volume other) {
        return nx == other.nx && ny == other.ny && nz == other.nz;
    }

    @Override
    public String toString() {
        return "Volume" + Arrays.toString(shape()) + " spacing=" + Arrays.toString(spacing);
    }
}
