package io.tonno.classifier.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.tonno.imaging.Volume;
import io.tonno.tomography.PlaneBatch;
import io.tonno.tomography.Slicer;

/**
 * The {@link Slicer} written in engine operations, so that slices are cut where the network runs (a GPU) and
 * never cross the bus: the volume is uploaded once, each batch of planes arrives as nine doubles per plane
 * ({@link PlaneBatch}) and leaves as a float32 {@code (B, H, W)} array on the device.
 *
 * <p>It computes what {@link Slicer#slice} computes, operation for operation: the continuous voxel index of pixel
 * {@code (i, j)} along x is {@code ((c_x + i'·u_x) - v_x + 1)·s_x + j·((dj·v_x)·s_x)} in float64 with {@code s_x =
 * (n_x - 1)/2}, {@code i' = i·2/(H-1) - 1}, {@code dj = 2/(W-1)}; an index whose cell lies inside the volume is
 * interpolated in float32 as {@code a0 + f·(a1 - a0)} along x, then y, then z; a cell that straddles the border
 * weighs its outside taps 0 in float64; beyond that the value is 0. Elementwise float operations of the engine are
 * IEEE operations in the same order, so on the CPU the slices equal the Java slicer's bit for bit
 * ({@code DeviceSlicerTest}); on a GPU they may differ where a compiler contracts a product and a sum.
 *
 * <p>Memory: the volume once (float32), plus about {@link #BYTES_PER_PIXEL} bytes per pixel of the planes in flight;
 * batches are cut in groups of {@link Devices#groupPixels(Device, long)} pixels to bound that (2^20 on the CPU, about
 * 170 MiB; on a GPU what a quarter of its free memory at construction holds), which changes no value. Every extent
 * of the volume must be at least 2 (a single-voxel axis is sliced on the host). Not thread-safe.
 */
public final class DeviceSlicer implements AutoCloseable {
    /** Bytes of intermediates per pixel being cut. */
    public static final int BYTES_PER_PIXEL = 160;

    private final NDManager manager;
    private final NDArray volume;
    private final int nx;
    private final int ny;
    private final int nz;
    private final int groupPixels;

    /**
     * Uploads {@code volume} to {@code parent}'s device, into a sub-manager closed with this slicer.
     *
     * @throws IllegalArgumentException when an extent is below 2
     */
    public DeviceSlicer(NDManager parent, Volume volume) {
        if (!supports(volume)) {
            throw new IllegalArgumentException("device slicing needs every extent >= 2, got " + volume.nx() + "x"
                    + volume.ny() + "x" + volume.nz());
        }
        this.nx = volume.nx();
        this.ny = volume.ny();
        this.nz = volume.nz();
        this.manager = parent.newSubManager();
        this.volume = manager.create(volume.data(), new Shape((long) nx * ny * nz));
        this.groupPixels = Devices.groupPixels(parent.getDevice(), BYTES_PER_PIXEL);
    }

    /** Whether this slicer can cut {@code volume} (every extent at least 2). */
    public static boolean supports(Volume volume) {
        return volume.nx() >= 2 && volume.ny() >= 2 && volume.nz() >= 2;
    }

    /**
     * Cuts the planes of {@code planes} into a float32 {@code (count, height, width)} array of {@code out}'s
     * device, slice {@code b} being {@link Slicer#slice} of plane {@code b}.
     */
    public NDArray slices(NDManager out, PlaneBatch planes, int height, int width) {
        if (height < 2 || width < 2) {
            throw new IllegalArgumentException("device slices must be at least 2x2, got " + height + "x" + width);
        }
        int count = planes.count();
        int perGroup = Math.max(1, groupPixels / (height * width));
        NDList parts = new NDList();
        for (int b0 = 0; b0 < count; b0 += perGroup) {
            int n = Math.min(perGroup, count - b0);
            try (NDManager m = manager.newSubManager()) {
                NDArray part = group(m, planes, b0, n, height, width);
                part.attach(out);
                parts.add(part);
            }
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        NDArray all = NDArrays.concat(parts, 0);
        all.attach(out);
        parts.close();
        return all;
    }

    private NDArray group(NDManager m, PlaneBatch planes, int b0, int n, int height, int width) {
        double di = 2.0 / (height - 1);
        double dj = 2.0 / (width - 1);
        double[] ip = new double[height];
        for (int i = 0; i < height; i++) {
            ip[i] = i * di - 1;
        }
        double[] jj = new double[width];
        for (int j = 0; j < width; j++) {
            jj[j] = j;
        }
        NDArray rows = m.create(ip, new Shape(1, height, 1));
        NDArray cols = m.create(jj, new Shape(1, 1, width));
        NDArray x = index(m, planes, b0, n, 0, nx, rows, cols, dj);
        NDArray y = index(m, planes, b0, n, 1, ny, rows, cols, dj);
        NDArray z = index(m, planes, b0, n, 2, nz, rows, cols, dj);
        NDArray fx0 = x.floor();
        NDArray fy0 = y.floor();
        NDArray fz0 = z.floor();
        NDArray x0 = fx0.toType(DataType.INT64, false);
        NDArray y0 = fy0.toType(DataType.INT64, false);
        NDArray z0 = fz0.toType(DataType.INT64, false);
        // Fractions: float32 of the double for the interior formula, the double itself for the border's.
        NDArray fx = x.sub(fx0);
        NDArray fy = y.sub(fy0);
        NDArray fz = z.sub(fz0);
        // The eight taps, indices clamped into the volume (outside taps get weight 0 on the border).
        NDArray xa = x0.clip(0, nx - 1);
        NDArray xb = x0.add(1).clip(0, nx - 1);
        NDArray ya = y0.clip(0, ny - 1).mul(nx);
        NDArray yb = y0.add(1).clip(0, ny - 1).mul(nx);
        NDArray za = z0.clip(0, nz - 1).mul((long) nx * ny);
        NDArray zb = z0.add(1).clip(0, nz - 1).mul((long) nx * ny);
        NDArray aaa = tap(m, xa, ya, za);
        NDArray baa = tap(m, xb, ya, za);
        NDArray aba = tap(m, xa, yb, za);
        NDArray bba = tap(m, xb, yb, za);
        NDArray aab = tap(m, xa, ya, zb);
        NDArray bab = tap(m, xb, ya, zb);
        NDArray abb = tap(m, xa, yb, zb);
        NDArray bbb = tap(m, xb, yb, zb);
        NDArray interior = interior(fx, fy, fz, aaa, baa, aba, bba, aab, bab, abb, bbb);
        NDArray border = border(x0, y0, z0, fx, fy, fz, aaa, baa, aba, bba, aab, bab, abb, bbb);
        NDArray inside = x0.gte(0)
                .logicalAnd(y0.gte(0))
                .logicalAnd(z0.gte(0))
                .logicalAnd(x0.lt(nx - 1))
                .logicalAnd(y0.lt(ny - 1))
                .logicalAnd(z0.lt(nz - 1));
        NDArray reached = x0.gte(-1)
                .logicalAnd(y0.gte(-1))
                .logicalAnd(z0.gte(-1))
                .logicalAnd(x0.lt(nx))
                .logicalAnd(y0.lt(ny))
                .logicalAnd(z0.lt(nz));
        NDArray zero = m.zeros(new Shape(1), DataType.FLOAT32);
        return NDArrays.where(inside, interior, NDArrays.where(reached, border, zero));
    }

    /** Continuous voxel index along {@code axis} of every pixel, float64 {@code (n, H, W)}, as the Java slicer. */
    private NDArray index(
            NDManager m, PlaneBatch p, int b0, int n, int axis, int extent, NDArray rows, NDArray cols, double dj) {
        double s = 0.5 * (extent - 1);
        double[] c = new double[n];
        double[] u = new double[n];
        double[] v = new double[n];
        double[] step = new double[n];
        for (int b = 0; b < n; b++) {
            c[b] = p.centre(b0 + b, axis);
            u[b] = p.u(b0 + b, axis);
            v[b] = p.v(b0 + b, axis);
            step[b] = dj * v[b] * s;
        }
        Shape per = new Shape(n, 1, 1);
        // rowX = c + i'·u; ax = (rowX + (-1)·v + 1)·s; x = ax + j·b
        NDArray row = m.create(c, per).add(rows.mul(m.create(u, per)));
        NDArray a = row.sub(m.create(v, per)).add(1.0).mul(s);
        return a.add(cols.mul(m.create(step, per)));
    }

    /** The volume's values at flat indices {@code x + y + z} (y, z already scaled by their strides), in {@code m}. */
    private NDArray tap(NDManager m, NDArray x, NDArray y, NDArray z) {
        return volume.take(m, x.add(y).add(z));
    }

    /** The Java slicer's float32 interior interpolation. */
    private static NDArray interior(
            NDArray fxd,
            NDArray fyd,
            NDArray fzd,
            NDArray a0,
            NDArray a1,
            NDArray b0,
            NDArray b1,
            NDArray e0,
            NDArray e1,
            NDArray g0,
            NDArray g1) {
        NDArray fx = fxd.toType(DataType.FLOAT32, false);
        NDArray fy = fyd.toType(DataType.FLOAT32, false);
        NDArray fz = fzd.toType(DataType.FLOAT32, false);
        NDArray c00 = lerp(a0, a1, fx);
        NDArray c10 = lerp(b0, b1, fx);
        NDArray c01 = lerp(e0, e1, fx);
        NDArray c11 = lerp(g0, g1, fx);
        NDArray c0 = lerp(c00, c10, fy);
        NDArray c1 = lerp(c01, c11, fy);
        return lerp(c0, c1, fz);
    }

    /** {@code a + f·(b - a)}, three separate IEEE operations. */
    private static NDArray lerp(NDArray a, NDArray b, NDArray f) {
        return a.add(f.mul(b.sub(a)));
    }

    /** The Java slicer's float64 border interpolation: taps outside the volume weigh 0. */
    private NDArray border(
            NDArray x0,
            NDArray y0,
            NDArray z0,
            NDArray fx,
            NDArray fy,
            NDArray fz,
            NDArray aaa,
            NDArray baa,
            NDArray aba,
            NDArray bba,
            NDArray aab,
            NDArray bab,
            NDArray abb,
            NDArray bbb) {
        NDArray wx0 = weight(x0.gte(0), fx.neg().add(1.0));
        NDArray wx1 = weight(x0.add(1).lt(nx), fx);
        NDArray wy0 = weight(y0.gte(0), fy.neg().add(1.0));
        NDArray wy1 = weight(y0.add(1).lt(ny), fy);
        NDArray wz0 = weight(z0.gte(0), fz.neg().add(1.0));
        NDArray wz1 = weight(z0.add(1).lt(nz), fz);
        NDArray lowZ = wy0.mul(pair(wx0, aaa, wx1, baa)).add(wy1.mul(pair(wx0, aba, wx1, bba)));
        NDArray highZ = wy0.mul(pair(wx0, aab, wx1, bab)).add(wy1.mul(pair(wx0, abb, wx1, bbb)));
        return wz0.mul(lowZ).add(wz1.mul(highZ)).toType(DataType.FLOAT32, false);
    }

    /** {@code 1 - f} is computed as {@code -f + 1}: the same IEEE result. */
    private static NDArray weight(NDArray valid, NDArray w) {
        return NDArrays.where(valid, w, w.zerosLike());
    }

    private static NDArray pair(NDArray w0, NDArray d0, NDArray w1, NDArray d1) {
        return w0.mul(d0.toType(DataType.FLOAT64, false)).add(w1.mul(d1.toType(DataType.FLOAT64, false)));
    }

    @Override
    public void close() {
        manager.close();
    }
}
