package io.tonno.imaging.label;

import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Binary masks on a {@link Volume}'s voxel grid, and their conversion to and from volumes.
 *
 * <p>A mask is a {@code boolean[]} of the volume's voxel count in its layout (axis 0 fastest,
 * {@code mask[i + nx*(j + ny*k)]}), {@code true} = in the mask. Stored as a volume, a voxel is in the
 * mask when its value is non-zero and not NaN; masks are written as 1 (in) and 0 (out). Boxes are
 * inclusive voxel indices ({@link Box}); spacing and affine are never consulted, so all of this is in
 * voxel units.
 */
public final class Masks {
    private Masks() {}

    /** Whether a stored voxel value is in the mask: non-zero and not NaN. */
    public static boolean isSet(float value) {
        return value != 0f && !Float.isNaN(value);
    }

    /** The mask of the set voxels ({@link #isSet}) of {@code values}, same length and layout. */
    public static boolean[] of(float[] values) {
        boolean[] m = new boolean[values.length];
        for (int n = 0; n < values.length; n++) {
            m[n] = isSet(values[n]);
        }
        return m;
    }

    /** The mask of {@code volume}'s set voxels, in its layout. */
    public static boolean[] of(Volume volume) {
        return of(volume.data());
    }

    /** Whether any voxel of {@code volume} is set (the volume holds a lesion when it is a truth mask). */
    public static boolean any(Volume volume) {
        for (float f : volume.data()) {
            if (isSet(f)) {
                return true;
            }
        }
        return false;
    }

    /** Number of voxels in {@code mask}. */
    public static long count(boolean[] mask) {
        long n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /**
     * {@code mask} as a volume on {@code like}'s grid (shape, spacing, affine): 1 inside, 0 outside.
     *
     * @throws IllegalArgumentException when the mask's length is not {@code like}'s voxel count
     */
    public static Volume toVolume(boolean[] mask, Volume like) {
        float[] d = new float[mask.length];
        for (int n = 0; n < d.length; n++) {
            d[n] = mask[n] ? 1f : 0f;
        }
        return like.withData(d);
    }

    /**
     * The voxels of {@code boxes} rasterised on {@code like}'s grid: 1 inside any box, 0 elsewhere (an empty
     * list gives an all-zero volume, a negative case).
     *
     * @throws IllegalArgumentException when a box reaches outside {@code like}'s shape (naming the box and
     *                                  the shape)
     */
    public static Volume fill(List<Box> boxes, Volume like) {
        Objects.requireNonNull(boxes, "boxes");
        int nx = like.nx();
        int ny = like.ny();
        float[] d = new float[like.voxelCount()];
        for (Box b : boxes) {
            if (b.i0() < 0 || b.j0() < 0 || b.k0() < 0 || b.i1() >= nx || b.j1() >= ny || b.k1() >= like.nz()) {
                throw new IllegalArgumentException(
                        "box " + b + " reaches outside the volume of shape " + Arrays.toString(like.shape()));
            }
            for (int k = b.k0(); k <= b.k1(); k++) {
                for (int j = b.j0(); j <= b.j1(); j++) {
                    int row = nx * (j + ny * k);
                    Arrays.fill(d, row + b.i0(), row + b.i1() + 1, 1f);
                }
            }
        }
        return like.withData(d);
    }
}
