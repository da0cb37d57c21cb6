package io.tonno.tomography;

import io.tonno.imaging.Volume;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A heatmap accumulated in double precision: the backprojection of a chunk of directions. Partial volumes
 * of the chunks of one reconstruction add up to the whole ({@link #add}).
 *
 * <p>Layout as {@link Volume}: shape {@code (nx, ny, nz)}, {@code data[i + nx*(j + ny*k)]}; voxel
 * {@code (i, j, k)} sits at the cube point {@code (2i/(nx-1) - 1, 2j/(ny-1) - 1, 2k/(nz-1) - 1)}
 * ({@code 0} on an axis of extent 1), {@code method.md} §2.
 */
public record PartialVolume(int nx, int ny, int nz, double[] data) {
    private static final int MAGIC = 0x4c4f5650; // "PVOL" little-endian
    private static final int HEADER_BYTES = 16;

    public PartialVolume {
        long n = Volume.checkedVoxelCount(new int[] {nx, ny, nz});
        if (data == null || data.length != n) {
            throw new IllegalArgumentException("partial volume data must hold " + n + " values");
        }
    }

    /** A zero partial volume of the given shape. */
    public static PartialVolume zeros(int[] shape) {
        return new PartialVolume(shape[0], shape[1], shape[2], new double[(int) Volume.checkedVoxelCount(shape)]);
    }

    /** {@code (nx, ny, nz)}, a fresh array. */
    public int[] shape() {
        return new int[] {nx, ny, nz};
    }

    /** Adds {@code other} voxel by voxel into this one and returns this. */
    public PartialVolume add(PartialVolume other) {
        if (other.nx != nx || other.ny != ny || other.nz != nz) {
            throw new IllegalArgumentException("cannot add partial volumes of shapes "
                    + java.util.Arrays.toString(shape()) + " and " + java.util.Arrays.toString(other.shape()));
        }
        double[] o = other.data;
        for (int i = 0; i < data.length; i++) {
            data[i] += o[i];
        }
        return this;
    }

    /**
     * The heatmap as a float32 {@link Volume} on the physical grid of {@code input}: the same affine when the
     * shapes agree, otherwise the affine rescaled so that the output's corner voxel centres coincide with the
     * input's (align corners, as the cube coordinates).
     */
    public Volume toVolume(Volume input) {
        Volume out = HeatmapGeometry.like(input, shape());
        float[] d = out.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) data[i];
        }
        return out;
    }

    /** Compact little-endian binary form: a 16-byte header {@code (magic, nx, ny, nz)} then float64 voxels. */
    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + 8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC).putInt(nx).putInt(ny).putInt(nz);
        buf.asDoubleBuffer().put(data);
        return buf.array();
    }

    /**
     * Reads {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not a partial volume or are truncated
     */
    public static PartialVolume fromBytes(byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            throw new IllegalArgumentException("partial volume bytes: shorter than the header");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.getInt() != MAGIC) {
            throw new IllegalArgumentException("partial volume bytes: bad magic, not a tonno partial volume");
        }
        int[] shape = {buf.getInt(), buf.getInt(), buf.getInt()};
        long n = Volume.checkedVoxelCount(shape);
        if (bytes.length != HEADER_BYTES + 8 * n) {
            throw new IllegalArgumentException("partial volume bytes: length " + bytes.length + " does not match shape "
                    + java.util.Arrays.toString(shape));
        }
        double[] data = new double[(int) n];
        buf.asDoubleBuffer().get(data);
        return new PartialVolume(shape[0], shape[1], shape[2], data);
    }
}
