package io.tonno.classifier.sampling;

import io.tonno.imaging.Volume;
import io.tonno.tomography.HeatmapGeometry;

/**
 * The range of planes that meet a volume's non-zero voxels themselves, not just their bounding box
 * ({@link NonZeroExtent}): for normal {@code n}, {@code [min, max]} of {@code x·n} over the centres
 * {@code x} (cube coordinates) of the non-zero voxels (voxel centres, as {@link NonZeroExtent} uses).
 * For a rounded body such as a brain, an oblique plane at the far end of the box range cuts only the box's
 * empty corner; this range does not draw it. Only boundary voxels (non-zero with a zero or missing
 * 6-neighbour) can attain the extremes, so only they are kept: a few thousand points at 64³.
 */
public final class ForegroundSupport implements PlaneRange {
    private final double[] points;
    private final NonZeroExtent fallback;

    private ForegroundSupport(double[] points, NonZeroExtent fallback) {
        this.points = points;
        this.fallback = fallback;
    }

    /** Scans the volume once; an all-zero volume gets the whole cube. */
    public static ForegroundSupport of(Volume v) {
        int nx = v.nx();
        int ny = v.ny();
        int nz = v.nz();
        float[] d = v.data();
        double[] buf = new double[3 * 1024];
        int count = 0;
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    int idx = (k * ny + j) * nx + i;
                    if (d[idx] == 0f || !boundary(d, i, j, k, nx, ny, nz)) {
                        continue;
                    }
                    if (3 * count + 3 > buf.length) {
                        buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                    }
                    buf[3 * count] = HeatmapGeometry.coordinate(i, nx);
                    buf[3 * count + 1] = HeatmapGeometry.coordinate(j, ny);
                    buf[3 * count + 2] = HeatmapGeometry.coordinate(k, nz);
                    count++;
                }
            }
        }
        return new ForegroundSupport(java.util.Arrays.copyOf(buf, 3 * count), count == 0 ? NonZeroExtent.of(v) : null);
    }

    /** Number of boundary points kept. */
    public int points() {
        return points.length / 3;
    }

    @Override
    public double[] offsetRange(double[] n) {
        if (fallback != null) {
            return fallback.offsetRange(n);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double n0 = n[0];
        double n1 = n[1];
        double n2 = n[2];
        for (int p = 0; p < points.length; p += 3) {
            double s = points[p] * n0 + points[p + 1] * n1 + points[p + 2] * n2;
            if (s < min) {
                min = s;
            }
            if (s > max) {
                max = s;
            }
        }
        return new double[] {min, max};
    }

    private static boolean boundary(float[] d, int i, int j, int k, int nx, int ny, int nz) {
        if (i == 0 || j == 0 || k == 0 || i == nx - 1 || j == ny - 1 || k == nz - 1) {
            return true;
        }
        int idx = (k * ny + j) * nx + i;
        int plane = nx * ny;
        return d[idx - 1] == 0f
                || d[idx + 1] == 0f
                || d[idx - nx] == 0f
                || d[idx + nx] == 0f
                || d[idx - plane] == 0f
                || d[idx + plane] == 0f;
    }
}
