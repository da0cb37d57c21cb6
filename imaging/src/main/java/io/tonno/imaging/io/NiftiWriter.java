package io.tonno.imaging.io;

import io.tonno.imaging.Volume;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.Deflater;

/**
 * Writes a volume as a little-endian single-file NIfTI-1 with {@code vox_offset} 352, no extensions and
 * no scaling. qform and sform both hold the volume's affine with code 2 ("aligned"), the qform computed
 * as nibabel's {@code set_qform} does; pixdim[1..3] are the affine's column norms (the voxel spacing of a
 * consistent volume), so 3D Slicer, ITK-SNAP and nibabel all place the voxels identically.
 *
 * <p>{@code .nii.gz} files are one standard gzip member at deflate level 1 (several times faster than the
 * default level for a few percent larger files), compressed in parallel blocks by {@link ParallelGzipWriter}.
 */
final class NiftiWriter {
    static final int XFORM_ALIGNED = 2;
    private static final int CHUNK_VOXELS = 1 << 18;

    private NiftiWriter() {}

    static void write(Volume v, Path path, NiftiDatatype type) throws IOException {
        if (type != NiftiDatatype.FLOAT32 && type != NiftiDatatype.UINT8) {
            throw new IllegalArgumentException("writer supports float32 and uint8, got " + type);
        }
        for (int d : v.shape()) {
            if (d > Short.MAX_VALUE) {
                throw new IllegalArgumentException("NIfTI-1 cannot hold an axis longer than 32767 voxels: " + v);
            }
        }
        byte[] header = header(v, type);
        if (Nifti.isGzip(path)) {
            float[] data = v.data();
            int blocks = (int) ((data.length + (long) GZIP_BLOCK_VOXELS - 1) / GZIP_BLOCK_VOXELS);
            AtomicFiles.write(path, raw -> {
                OutputStream out = new BufferedOutputStream(raw, 1 << 16);
                // Block 0 carries the header, so the whole file is one gzip member.
                ParallelGzipWriter.write(
                        out,
                        Math.max(1, blocks),
                        b -> {
                            int from = b * GZIP_BLOCK_VOXELS;
                            int count = Math.min(GZIP_BLOCK_VOXELS, data.length - from);
                            byte[] bytes = encode(data, from, Math.max(0, count), type, b == 0 ? header : null);
                            return bytes;
                        },
                        Deflater.BEST_SPEED);
                out.flush();
            });
            return;
        }
        AtomicFiles.write(path, raw -> {
            OutputStream out = new BufferedOutputStream(raw, 1 << 16);
            out.write(header);
            writeVoxels(out, v.data(), type);
            out.flush();
        });
    }

    /** Voxels per parallel gzip block (1 MiB of float32). */
    static final int GZIP_BLOCK_VOXELS = 1 << 18;

    /** Little-endian bytes of {@code count} voxels from {@code from}, after {@code prefix} when given. */
    private static byte[] encode(float[] data, int from, int count, NiftiDatatype type, byte[] prefix) {
        int pre = prefix == null ? 0 : prefix.length;
        byte[] out = new byte[pre + count * type.bytes()];
        if (prefix != null) {
            System.arraycopy(prefix, 0, out, 0, pre);
        }
        if (type == NiftiDatatype.FLOAT32) {
            ByteBuffer b = ByteBuffer.wrap(out, pre, count * 4).slice().order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(data, from, count);
        } else {
            for (int i = 0; i < count; i++) {
                out[pre + i] = (byte) toUint8(data[from + i]);
            }
        }
        return out;
    }

    private static void writeVoxels(OutputStream out, float[] data, NiftiDatatype type) throws IOException {
        int elem = type.bytes();
        byte[] chunk = new byte[CHUNK_VOXELS * elem];
        ByteBuffer b = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < data.length; off += CHUNK_VOXELS) {
            int count = Math.min(CHUNK_VOXELS, data.length - off);
            if (type == NiftiDatatype.FLOAT32) {
                b.clear();
                b.asFloatBuffer().put(data, off, count);
            } else {
                for (int i = 0; i < count; i++) {
                    chunk[i] = (byte) toUint8(data[off + i]);
                }
            }
            out.write(chunk, 0, count * elem);
        }
    }

    /** Rounds half up and clamps to {@code 0..255}; NaN becomes 0. */
    static int toUint8(float x) {
        if (!(x > 0)) {
            return 0;
        }
        return x >= 255 ? 255 : (int) Math.floor(x + 0.5f);
    }

    static byte[] header(Volume v, NiftiDatatype type) {
        ByteBuffer b = ByteBuffer.allocate(NiftiHeaderParser.NIFTI1_MIN_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, NiftiHeaderParser.NIFTI1_SIZE);
        b.put(38, (byte) 'r');
        int[] shape = v.shape();
        short[] dim = {3, (short) shape[0], (short) shape[1], (short) shape[2], 1, 1, 1, 1};
        for (int a = 0; a < 8; a++) {
            b.putShort(40 + 2 * a, dim[a]);
        }
        b.putShort(70, (short) type.code());
        b.putShort(72, (short) (type.bytes() * 8));
        double[] aff = v.affine();
        QForm.Params q = QForm.fromAffine(aff);
        double[] zooms = q != null ? q.zooms() : v.spacing();
        float[] pixdim = {
            q != null ? (float) q.qfac() : 1f, (float) zooms[0], (float) zooms[1], (float) zooms[2], 1, 1, 1, 1
        };
        for (int a = 0; a < 8; a++) {
            b.putFloat(76 + 4 * a, pixdim[a]);
        }
        b.putFloat(108, NiftiHeaderParser.NIFTI1_MIN_OFFSET);
        b.putFloat(112, 1f);
        b.putFloat(116, 0f);
        b.put(123, (byte) 2); // xyzt_units: millimetres
        byte[] descrip = "tonno".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        b.put(148, descrip);
        if (q != null) {
            b.putShort(252, (short) XFORM_ALIGNED);
            b.putFloat(256, (float) q.b());
            b.putFloat(260, (float) q.c());
            b.putFloat(264, (float) q.d());
            b.putFloat(268, (float) q.offset()[0]);
            b.putFloat(272, (float) q.offset()[1]);
            b.putFloat(276, (float) q.offset()[2]);
        }
        b.putShort(254, (short) XFORM_ALIGNED);
        for (int e = 0; e < 12; e++) {
            b.putFloat(280 + 4 * e, (float) aff[e]);
        }
        b.put(344, new byte[] {'n', '+', '1', 0});
        return b.array();
    }
}
