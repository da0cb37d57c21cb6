package io.tonno.imaging.label;

import io.tonno.imaging.dataset.Box;

/**
 * The connected components of a 3D binary mask.
 *
 * <p>{@link #labels()} has the mask's layout (axis 0 fastest: {@code labels[i + nx*(j + ny*k)]}, as
 * {@link io.tonno.imaging.Volume}); {@code 0} is background and components are numbered
 * {@code 1..count()} in the order of their first voxel in that layout (so the numbering is
 * deterministic). Per-component statistics are looked up by label.
 */
public final class Labeling {
    private final int nx;
    private final int ny;
    private final int nz;
    private final int[] labels;
    private final int count;
    private final long[] voxelCounts;
    private final Box[] boxes;

    Labeling(int nx, int ny, int nz, int[] labels, int count, long[] voxelCounts, Box[] boxes) {
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.labels = labels;
        this.count = count;
        this.voxelCounts = voxelCounts;
        this.boxes = boxes;
    }

    /** {@code (nx, ny, nz)}, a fresh array. */
    public int[] shape() {
        return new int[] {nx, ny, nz};
    }

    /** Label per voxel (0 = background), the backing array; do not modify. */
    public int[] labels() {
        return labels;
    }

    /** Number of components. */
    public int count() {
        return count;
    }

    /** Voxels in component {@code label} ({@code 1..count()}). */
    public long voxelCount(int label) {
        checkLabel(label);
        return voxelCounts[label - 1];
    }

    /** The inclusive voxel bounding box of component {@code label} ({@code 1..count()}). */
    public Box box(int label) {
        checkLabel(label);
        return boxes[label - 1];
    }

    /** The label of the component with the most voxels (the first such in label order), or 0 if none. */
    public int largest() {
        int best = 0;
        for (int c = 1; c <= count; c++) {
            if (best == 0 || voxelCounts[c - 1] > voxelCounts[best - 1]) {
                best = c;
            }
        }
        return best;
    }

    private void checkLabel(int label) {
        if (label < 1 || label > count) {
            throw new IndexOutOfBoundsException("label " + label + " not in 1.." + count);
        }
    }
}
