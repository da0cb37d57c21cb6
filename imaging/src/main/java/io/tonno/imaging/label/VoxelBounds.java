package io.tonno.imaging.label;

import io.tonno.imaging.dataset.Box;

/**
 * The inclusive axis-aligned bounding box of the voxels {@link #add}ed so far, in voxel indices
 * {@code (i, j, k)} of one volume (axes as in {@link io.tonno.imaging.Volume}). Empty until the first voxel.
 * Mutable, not thread-safe.
 */
public final class VoxelBounds {
    private int i0 = Integer.MAX_VALUE;
    private int j0 = Integer.MAX_VALUE;
    private int k0 = Integer.MAX_VALUE;
    private int i1 = -1;
    private int j1 = -1;
    private int k1 = -1;

    /** Grows the box to contain voxel {@code (i, j, k)}. */
    public void add(int i, int j, int k) {
        i0 = Math.min(i0, i);
        j0 = Math.min(j0, j);
        k0 = Math.min(k0, k);
        i1 = Math.max(i1, i);
        j1 = Math.max(j1, j);
        k1 = Math.max(k1, k);
    }

    /** Whether no voxel was added. */
    public boolean isEmpty() {
        return i1 < 0;
    }

    /** The corners {@code {i0, j0, k0, i1, j1, k1}}, both inclusive; {@code null} when empty. */
    public int[] corners() {
        return isEmpty() ? null : new int[] {i0, j0, k0, i1, j1, k1};
    }

    /** The box; {@code null} when empty. */
    public Box box() {
        return isEmpty() ? null : Box.of(corners());
    }
}
