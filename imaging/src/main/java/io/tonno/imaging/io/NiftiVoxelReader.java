package io.tonno.imaging.io;

import io.tonno.imaging.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Decodes the voxel block of a NIfTI stream into a float array in chunks of about 1 MiB, so that reading
 * a large (possibly compressed) file holds only the float result plus one small buffer, never a full copy
 * of the raw bytes. Scaling follows nibabel: {@code raw * scl_slope + scl_inter} when the slope is finite
 * and non-zero; otherwise the raw values.
 */
final class NiftiVoxelReader {
    private static final int CHUNK_BYTES = 1 << 20;

    private NiftiVoxelReader() {}

    /** Fills {@code out} (length = voxel count) from {@code in}, positioned at the first voxel. */
    static void read(InputStream in, NiftiHeader h, float[] out) throws IOException, InvalidInputException {
        NiftiDatatype t = h.datatype();
        int elem = t.bytes();
        int perChunk = CHUNK_BYTES / elem;
        byte[] chunk = new byte[perChunk * elem];
        ByteBuffer buf = ByteBuffer.wrap(chunk).order(h.byteOrder());
        boolean scale = h.hasScaling() && !(h.sclSlope() == 1 && h.sclInter() == 0);
        double slope = h.sclSlope();
        double inter = h.sclInter();
        int n = out.length;
        for (int off = 0; off < n; off += perChunk) {
            int count = Math.min(perChunk, n - off);
            int want = count * elem;
            int got = in.readNBytes(chunk, 0, want);
            if (got < want) {
                long have = (long) off * elem + got;
                throw new InvalidInputException(
                        h.source(),
                        "data",
                        "file is truncated: expected " + (long) n * elem + " bytes of voxel data after vox_offset "
                                + h.voxOffset() + ", found " + have);
            }
            decode(buf, t, out, off, count);
            if (scale) {
                for (int v = off; v < off + count; v++) {
                    out[v] = (float) (out[v] * slope + inter);
                }
            }
        }
    }

    private static void decode(ByteBuffer b, NiftiDatatype t, float[] out, int off, int count) {
        switch (t) {
            case FLOAT32 -> {
                b.clear();
                b.asFloatBuffer().get(out, off, count);
            }
            case FLOAT64 -> {
                for (int v = 0; v < count; v++) {
                    out[off + v] = (float) b.getDouble(v * 8);
                }
            }
            case UINT8 -> {
                for (int v = 0; v < count; v++) {
                    out[off + v] = b.get(v) & 0xff;
                }
            }
            case INT8 -> {
                for (int v = 0; v < count; v++) {
                    out[off + v] = b.get(v);
                }
            }
            case INT16 -> {
                for (int v = 0; v < count; v++) {
                    out[off + v] = b.getShort(v * 2);
                }
            }
            case UINT16 -> {
                for (int v = 0; v < count; v++) {
                    out[off + v] = b.getShort(v * 2) & 0xffff;
                }
            }
            case INT32 -> {
                for (int v = 0; v < count; v++) {
                    out[off + v] = b.getInt(v * 4);
                }
            }
            case UINT32 -> {
                for (int v = 0; v < count; v++) {
                    out[off + v] = b.getInt(v * 4) & 0xffffffffL;
                }
            }
            case INT64 -> {
                for (int v = 0; v < count; v++) {
                    out[off + v] = b.getLong(v * 8);
                }
            }
            default -> throw new IllegalStateException("unhandled datatype " + t);
        }
    }
}
