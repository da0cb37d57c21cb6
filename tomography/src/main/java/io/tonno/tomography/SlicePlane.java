package io.tonno.tomography;

/**
 * One planar slice in cube coordinates ({@code method.md} §2–3): pixel {@code (i, j)} of an
 * {@code h×w} slice samples the volume at {@code center + i'·u + j'·v} with {@code i' = 2i/(h-1) - 1},
 * {@code j' = 2j/(w-1) - 1} ({@code 0} when the extent is 1). For reconstruction {@code center = s·n}
 * and {@code u}, {@code v} are the unit basis of {@link Basis}; training varies their length and angle.
 *
 * @param center 3-vector, the point sampled at the slice centre
 * @param u      3-vector stepped along rows (the H axis of an NCHW image)
 * @param v      3-vector stepped along columns (the W axis)
 */
public record SlicePlane(double[] center, double[] u, double[] v) {
    public SlicePlane {
        if (center.length != 3 || u.length != 3 || v.length != 3) {
            throw new IllegalArgumentException("center, u and v must be 3-vectors");
        }
    }

    /** The plane {@code x·n = s} with the {@link Basis} of {@code n}. */
    public static SlicePlane of(double[] n, double s) {
        double[][] uv = Basis.of(n);
        return new SlicePlane(new double[] {s * n[0], s * n[1], s * n[2]}, uv[0], uv[1]);
    }
}
