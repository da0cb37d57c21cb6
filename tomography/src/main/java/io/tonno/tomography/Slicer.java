package io.tonno.tomography;

import io.tonno.imaging.Volume;
import java.util.List;

/**
 * The one slicer of tonno: samples planar slices of a volume by trilinear interpolation, zero outside
 * the volume ({@code method.md} §2–3). Used by training (random planes) and by reconstruction.
 *
 * <p>Cube point {@code p} maps to the continuous voxel index {@code (p_a + 1)/2 · (n_a - 1)} on each axis
 * (align corners: {@code -1} is the centre of the first voxel, {@code +1} of the last). An index between
 * {@code -1} and {@code 0} (or {@code n-1} and {@code n}) interpolates towards zero. An axis of extent 1
 * has its only voxel at every {@code |p_a| <= 1} and nothing beyond.
 *
 * <p>Thread-safe: the volume is only read.
 */
public final class Slicer {
    private final Volume volume;
    private final float[] data;
    private final int nx;
    private final int ny;
    private final int nz;
    private final int strideY;
    private final int strideZ;

    public Slicer(Volume volume) {
        this.volume = volume;
        this.data = volume.data();
        this.nx = volume.nx();
        this.ny = volume.ny();
        this.nz = volume.nz();
        this.strideY = nx;
        this.strideZ = nx * ny;
    }

    /** The volume being sliced. */
    public Volume volume() {
        return volume;
    }

    /** {@code Ṽ(p)} at the cube point {@code (p0, p1, p2)}. */
    public float sample(double p0, double p1, double p2) {
        return sampleIndex(toIndex(p0, nx), toIndex(p1, ny), toIndex(p2, nz));
    }

    private static double toIndex(double p, int n) {
        if (n == 1) {
            return Math.abs(p) <= 1 ? 0 : -2;
        }
        return (p + 1) * 0.5 * (n - 1);
    }

    /**
     * Samples one slice into {@code out[offset + i*width + j]}, {@code i} the row (along {@code u}) and
     * {@code j} the column (along {@code v}).
     */
    public void slice(SlicePlane plane, int height, int width, float[] out, int offset) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("slice size must be >= 1x1, got " + height + "x" + width);
        }
        RowGeometry g = new RowGeometry(plane.u(), plane.v(), height, width);
        for (int i = 0; i < height; i++) {
            sliceRow(plane.center(), g, i, out, offset + i * width);
        }
    }

    /**
     * Samples the parallel slices {@code x·n = s_b} ({@code b = 0..offsets.length-1}, centre {@code s_b·n})
     * that share the in-plane vectors {@code u}, {@code v}: the same values as {@link #slice} of each
     * {@code new SlicePlane(s_b·n, u, v)}, bit for bit, slice {@code b} at {@code out[offset + b·height·width]}.
     * Rows are walked across slices (row {@code i} of every slice, then row {@code i+1}), so that neighbouring
     * planes reuse each other's cache lines of the volume. Runs on {@code threads} threads (0 = all cores).
     */
    public void parallelSlices(
            double[] n,
            double[] u,
            double[] v,
            double[] offsets,
            int height,
            int width,
            float[] out,
            int offset,
            int threads) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("slice size must be >= 1x1, got " + height + "x" + width);
        }
        int size = height * width;
        if (out.length < offset + (long) offsets.length * size) {
            throw new IllegalArgumentException(
                    "output holds " + out.length + " floats, need " + (offset + (long) offsets.length * size));
        }
        RowGeometry g = new RowGeometry(u, v, height, width);
        double[][] centres = new double[offsets.length][];
        for (int b = 0; b < offsets.length; b++) {
            double s = offsets[b];
            centres[b] = new double[] {s * n[0], s * n[1], s * n[2]};
        }
        // Work items are bands of rows across all the slices; each writes its own pixels.
        int band = Math.max(1, Math.min(8, height / 8));
        int bands = (height + band - 1) / band;
        Parallel.forEach(bands, threads, k -> {
            int end = Math.min(height, (k + 1) * band);
            for (int i = k * band; i < end; i++) {
                for (int b = 0; b < offsets.length; b++) {
                    sliceRow(centres[b], g, i, out, offset + b * size + i * width);
                }
            }
        });
    }

    /** What the rows of a slice share: in-plane vectors, steps and the per-column index slopes. */
    private final class RowGeometry {
        final double[] u;
        final double[] v;
        final int height;
        final int width;
        final double di;
        final double dj;
        final double bx;
        final double by;
        final double bz;
        final double ix;
        final double iy;
        final double iz;

        RowGeometry(double[] u, double[] v, int height, int width) {
            this.u = u;
            this.v = v;
            this.height = height;
            this.width = width;
            this.di = height > 1 ? 2.0 / (height - 1) : 0;
            this.dj = width > 1 ? 2.0 / (width - 1) : 0;
            // Cube point -> continuous index is affine per axis: x = (p+1)/2*(n-1); per column it steps by b.
            this.bx = dj * v[0] * (0.5 * (nx - 1));
            this.by = dj * v[1] * (0.5 * (ny - 1));
            this.bz = dj * v[2] * (0.5 * (nz - 1));
            this.ix = 1 / bx;
            this.iy = 1 / by;
            this.iz = 1 / bz;
        }
    }

    /** Samples row {@code i} of the slice centred at {@code c} into {@code out[base .. base+width)}. */
    private void sliceRow(double[] c, RowGeometry g, int i, float[] out, int base) {
        double[] u = g.u;
        double[] v = g.v;
        int width = g.width;
        double ip = g.height > 1 ? i * g.di - 1 : 0;
        double rowX = c[0] + ip * u[0];
        double rowY = c[1] + ip * u[1];
        double rowZ = c[2] + ip * u[2];
        if (nx == 1 || ny == 1 || nz == 1) {
            for (int j = 0; j < width; j++) {
                double jp = width > 1 ? j * g.dj - 1 : 0;
                out[base + j] = sample(rowX + jp * v[0], rowY + jp * v[1], rowZ + jp * v[2]);
            }
            return;
        }
        double sx = 0.5 * (nx - 1);
        double sy = 0.5 * (ny - 1);
        double sz = 0.5 * (nz - 1);
        double bx = g.bx;
        double by = g.by;
        double bz = g.bz;
        // The continuous index along each axis is affine in the column: x = ax + j*bx, etc.
        double j0 = width > 1 ? -1 : 0;
        double ax = (rowX + j0 * v[0] + 1) * sx;
        double ay = (rowY + j0 * v[1] + 1) * sy;
        double az = (rowZ + j0 * v[2] + 1) * sz;
        // Only columns whose index lies in (-1, n) on every axis can be non-zero: an interval, widened by
        // one column on each side (sampleIndex decides exactly there). Inside it, the columns whose index
        // lies safely in [0, n-1) on every axis take the unchecked interpolation.
        long support = intersect(
                intersect(columns(ax, bx, g.ix, -1, nx, width, 1), columns(ay, by, g.iy, -1, ny, width, 1)),
                columns(az, bz, g.iz, -1, nz, width, 1));
        int lo = (int) (support >>> 32);
        int hi = (int) support;
        if (lo > hi) {
            java.util.Arrays.fill(out, base, base + width, 0f);
            return;
        }
        long inner = intersect(
                intersect(
                        columns(ax, bx, g.ix, INNER_EPS, nx - 1 - INNER_EPS, width, -1),
                        columns(ay, by, g.iy, INNER_EPS, ny - 1 - INNER_EPS, width, -1)),
                columns(az, bz, g.iz, INNER_EPS, nz - 1 - INNER_EPS, width, -1));
        int ilo = Math.max(lo, (int) (inner >>> 32));
        int ihi = Math.min(hi, (int) inner);
        if (ilo > ihi) {
            ilo = hi + 1;
            ihi = hi;
        }
        java.util.Arrays.fill(out, base, base + lo, 0f);
        java.util.Arrays.fill(out, base + hi + 1, base + width, 0f);
        for (int j = lo; j < ilo; j++) {
            out[base + j] = sampleIndex(ax + j * bx, ay + j * by, az + j * bz);
        }
        for (int j = ilo; j <= ihi; j++) {
            out[base + j] = interior(ax + j * bx, ay + j * by, az + j * bz);
        }
        for (int j = Math.max(ihi + 1, lo); j <= hi; j++) {
            out[base + j] = sampleIndex(ax + j * bx, ay + j * by, az + j * bz);
        }
    }

    /** Margin (in voxels) that keeps "interior" columns away from the last cell despite rounding. */
    private static final double INNER_EPS = 1e-7;

    /** Trilinear interpolation at an index known to lie in {@code [0, n-1)} on every axis. */
    private float interior(double x, double y, double z) {
        int x0 = (int) x;
        int y0 = (int) y;
        int z0 = (int) z;
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        float fz = (float) (z - z0);
        float[] d = data;
        int idx = x0 + strideY * y0 + strideZ * z0;
        int idy = idx + strideY;
        int idz = idx + strideZ;
        int idyz = idy + strideZ;
        float a0 = d[idx];
        float a1 = d[idx + 1];
        float b0 = d[idy];
        float b1 = d[idy + 1];
        float e0 = d[idz];
        float e1 = d[idz + 1];
        float g0 = d[idyz];
        float g1 = d[idyz + 1];
        float c00 = a0 + fx * (a1 - a0);
        float c10 = b0 + fx * (b1 - b0);
        float c01 = e0 + fx * (e1 - e0);
        float c11 = g0 + fx * (g1 - g0);
        float c0 = c00 + fy * (c10 - c00);
        float c1 = c01 + fy * (c11 - c01);
        return c0 + fz * (c1 - c0);
    }

    /**
     * Columns {@code j} in {@code [0, width)} with {@code lo < a + j·b < hi} ({@code invB = 1/b}), widened ({@code grow = 1}) or
     * narrowed ({@code grow = -1}) by one column on each side, packed as {@code first << 32 | last}
     * ({@code first > last} when empty).
     */
    private static long columns(double a, double b, double invB, double lo, double hi, int width, int grow) {
        double first;
        double last;
        if (Math.abs(b) < 1e-12) {
            if (a > lo && a < hi) {
                first = 0;
                last = width - 1;
            } else {
                first = 1;
                last = 0;
            }
        } else {
            double r1 = (lo - a) * invB;
            double r2 = (hi - a) * invB;
            if (grow > 0) {
                first = Math.floor(Math.min(r1, r2)) - 1;
                last = Math.ceil(Math.max(r1, r2)) + 1;
            } else {
                first = Math.ceil(Math.min(r1, r2)) + 1;
                last = Math.floor(Math.max(r1, r2)) - 1;
            }
        }
        int f = (int) Math.max(0, Math.min(width, first));
        int l = (int) Math.max(-1, Math.min(width - 1, last));
        if (f > l) {
            return 1L << 32;
        }
        return ((long) f << 32) | l;
    }

    private static long intersect(long r1, long r2) {
        int f = Math.max((int) (r1 >>> 32), (int) (r2 >>> 32));
        int l = Math.min((int) r1, (int) r2);
        if (f > l) {
            return 1L << 32;
        }
        return ((long) f << 32) | l;
    }

    /**
     * Samples {@code planes.size()} slices into {@code out}, slice {@code b} at offset
     * {@code b*height*width}, on {@code threads} threads (0 = all cores). The result does not depend on
     * the thread count.
     */
    public void slices(List<SlicePlane> planes, int height, int width, float[] out, int threads) {
        int size = height * width;
        if (out.length < (long) planes.size() * size) {
            throw new IllegalArgumentException(
                    "output holds " + out.length + " floats, need " + (long) planes.size() * size);
        }
        Parallel.forEach(planes.size(), threads, b -> slice(planes.get(b), height, width, out, b * size));
    }

    /** Trilinear interpolation at a continuous voxel index, zero-padded. */
    float sampleIndex(double x, double y, double z) {
        double fx0 = Math.floor(x);
        double fy0 = Math.floor(y);
        double fz0 = Math.floor(z);
        int x0 = (int) fx0;
        int y0 = (int) fy0;
        int z0 = (int) fz0;
        if (x0 < -1 || y0 < -1 || z0 < -1 || x0 >= nx || y0 >= ny || z0 >= nz) {
            return 0f;
        }
        if (x0 >= 0 && y0 >= 0 && z0 >= 0 && x0 < nx - 1 && y0 < ny - 1 && z0 < nz - 1) {
            return interior(x, y, z);
        }
        return border(x0, y0, z0, x - fx0, y - fy0, z - fz0);
    }

    /**
     * Trilinear interpolation near or across the border, {@code x0 in [-1, nx-1]} etc.: taps outside the
     * volume get weight 0 (their index is clamped only to stay in bounds).
     */
    private float border(int x0, int y0, int z0, double fx, double fy, double fz) {
        double wx0 = x0 >= 0 ? 1 - fx : 0;
        double wx1 = x0 + 1 < nx ? fx : 0;
        double wy0 = y0 >= 0 ? 1 - fy : 0;
        double wy1 = y0 + 1 < ny ? fy : 0;
        double wz0 = z0 >= 0 ? 1 - fz : 0;
        double wz1 = z0 + 1 < nz ? fz : 0;
        int xa = Math.max(x0, 0);
        int xb = Math.min(x0 + 1, nx - 1);
        int ya = strideY * Math.max(y0, 0);
        int yb = strideY * Math.min(y0 + 1, ny - 1);
        int za = strideZ * Math.max(z0, 0);
        int zb = strideZ * Math.min(z0 + 1, nz - 1);
        float[] d = data;
        double lowZ = wy0 * (wx0 * d[xa + ya + za] + wx1 * d[xb + ya + za])
                + wy1 * (wx0 * d[xa + yb + za] + wx1 * d[xb + yb + za]);
        double highZ = wy0 * (wx0 * d[xa + ya + zb] + wx1 * d[xb + ya + zb])
                + wy1 * (wx0 * d[xa + yb + zb] + wx1 * d[xb + yb + zb]);
        return (float) (wz0 * lowZ + wz1 * highZ);
    }
}
