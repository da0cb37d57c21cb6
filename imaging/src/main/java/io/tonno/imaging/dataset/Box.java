package io.tonno.imaging.dataset;

/**
 * An axis-aligned 3D box in voxel indices of its volume, both corners inclusive:
 * voxel {@code (i, j, k)} is inside when {@code i0 <= i <= i1}, {@code j0 <= j <= j1},
 * {@code k0 <= k <= k1}. Axes follow {@link io.tonno.imaging.Volume}.
 */
public record Box(int i0, int j0, int k0, int i1, int j1, int k1) {
    public Box {
        if (i1 < i0 || j1 < j0 || k1 < k0) {
            throw new IllegalArgumentException("box corners out of order: " + this);
        }
    }

    /** The box with corners {@code {i0, j0, k0, i1, j1, k1}} (the order of {@link #corners()}). */
    public static Box of(int[] corners) {
        return new Box(corners[0], corners[1], corners[2], corners[3], corners[4], corners[5]);
    }

    /** The corners {@code {i0, j0, k0, i1, j1, k1}}: the order in which manifests and payloads write a box. */
    public int[] corners() {
        return new int[] {i0, j0, k0, i1, j1, k1};
    }

    /** Number of voxels inside the box. */
    public long voxelCount() {
        return (long) (i1 - i0 + 1) * (j1 - j0 + 1) * (k1 - k0 + 1);
    }

    /** Voxels shared with {@code other}; 0 when disjoint. */
    public long intersection(Box other) {
        long di = Math.min(i1, other.i1) - Math.max(i0, other.i0) + 1L;
        long dj = Math.min(j1, other.j1) - Math.max(j0, other.j0) + 1L;
        long dk = Math.min(k1, other.k1) - Math.max(k0, other.k0) + 1L;
        return di > 0 && dj > 0 && dk > 0 ? di * dj * dk : 0;
    }

    /** Intersection over union, in {@code [0, 1]}. */
    public double iou(Box other) {
        long inter = intersection(other);
        return inter / (double) (voxelCount() + other.voxelCount() - inter);
    }
}
