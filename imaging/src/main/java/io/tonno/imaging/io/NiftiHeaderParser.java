package io.tonno.imaging.io;

import io.tonno.imaging.InvalidInputException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads and validates the fixed-size NIfTI-1 (348 bytes) or NIfTI-2 (540 bytes) header from the start of
 * a stream. The version and byte order come from {@code sizeof_hdr}, as in nibabel. Every refusal is an
 * {@link InvalidInputException} naming the file and the header field.
 */
final class NiftiHeaderParser {
    static final int NIFTI1_SIZE = 348;
    static final int NIFTI2_SIZE = 540;
    /** The smallest vox_offset of a single-file image: header plus the 4-byte extension flag. */
    static final int NIFTI1_MIN_OFFSET = 352;

    static final int NIFTI2_MIN_OFFSET = 544;
    private static final byte[] MAGIC2 = {'n', '+', '2', 0, '\r', '\n', 0x1A, '\n'};

    private NiftiHeaderParser() {}

    /** Reads exactly the header bytes (not the extension flag) and parses them. */
    static NiftiHeader parse(InputStream in, String source) throws IOException, InvalidInputException {
        byte[] first = readFully(in, 4, source, "sizeof_hdr");
        int le = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int be = ByteBuffer.wrap(first).order(ByteOrder.BIG_ENDIAN).getInt();
        ByteOrder order;
        int size;
        if (le == NIFTI1_SIZE || le == NIFTI2_SIZE) {
            order = ByteOrder.LITTLE_ENDIAN;
            size = le;
        } else if (be == NIFTI1_SIZE || be == NIFTI2_SIZE) {
            order = ByteOrder.BIG_ENDIAN;
            size = be;
        } else {
            throw new InvalidInputException(
                    source,
                    "sizeof_hdr",
                    "must be 348 (NIfTI-1) or 540 (NIfTI-2) in either byte order, got " + le
                            + "; this is not a NIfTI file");
        }
        byte[] all = new byte[size];
        System.arraycopy(first, 0, all, 0, 4);
        byte[] rest = readFully(in, size - 4, source, "header");
        System.arraycopy(rest, 0, all, 4, size - 4);
        ByteBuffer b = ByteBuffer.wrap(all).order(order);
        return size == NIFTI1_SIZE ? parse1(b, source, order) : parse2(b, source, order);
    }

    private static NiftiHeader parse1(ByteBuffer b, String source, ByteOrder order) throws InvalidInputException {
        byte[] magic = new byte[4];
        b.get(344, magic);
        String m = new String(magic, 0, 3, StandardCharsets.US_ASCII);
        if ("ni1".equals(m)) {
            throw new InvalidInputException(
                    source,
                    "magic",
                    "\"ni1\" is a two-file (.hdr/.img) NIfTI pair; only single-file .nii/.nii.gz is supported");
        }
        if (!"n+1".equals(m) || magic[3] != 0) {
            throw new InvalidInputException(source, "magic", "must be \"n+1\", got \"" + printable(magic) + "\"");
        }
        return fields(b, source, order, NIFTI1);
    }

    private static NiftiHeader parse2(ByteBuffer b, String source, ByteOrder order) throws InvalidInputException {
        byte[] magic = new byte[8];
        b.get(4, magic);
        if (magic[0] == 'n' && magic[1] == 'i' && magic[2] == '2') {
            throw new InvalidInputException(
                    source,
                    "magic",
                    "\"ni2\" is a two-file (.hdr/.img) NIfTI pair; only single-file .nii/.nii.gz is supported");
        }
        if (!Arrays.equals(magic, MAGIC2)) {
            throw new InvalidInputException(
                    source, "magic", "must be \"n+2\\0\\r\\n\\032\\n\", got \"" + printable(magic) + "\"");
        }
        return fields(b, source, order, NIFTI2);
    }

    /**
     * Where one NIfTI version keeps the fields read here: byte offsets, and the widths of {@code dim}
     * entries, of the real fields and of the xform codes (NIfTI-2 widens them all). {@code scl_inter},
     * {@code sform_code}, the quaternion offsets and the sform rows follow their neighbours without gaps.
     */
    private record Layout(
            int version,
            int minOffset,
            int dim,
            int dimBytes,
            int datatype,
            int pixdim,
            int realBytes,
            int voxOffset,
            int sclSlope,
            int qformCode,
            int codeBytes,
            int quatern,
            int srow) {}

    private static final Layout NIFTI1 = new Layout(1, NIFTI1_MIN_OFFSET, 40, 2, 70, 76, 4, 108, 112, 252, 2, 256, 280);
    private static final Layout NIFTI2 =
            new Layout(2, NIFTI2_MIN_OFFSET, 16, 8, 12, 104, 8, 168, 176, 344, 4, 352, 400);

    private static NiftiHeader fields(ByteBuffer b, String source, ByteOrder order, Layout l)
            throws InvalidInputException {
        long[] dim = new long[8];
        for (int a = 0; a < 8; a++) {
            dim[a] = integer(b, l.dim() + l.dimBytes() * a, l.dimBytes());
        }
        int rb = l.realBytes();
        long voxOffset;
        if (l.version() == 1) {
            // NIfTI-1 keeps vox_offset in a float.
            double f = b.getFloat(l.voxOffset());
            if (!Double.isFinite(f) || f != Math.rint(f)) {
                throw new InvalidInputException(source, "vox_offset", "must be a whole number of bytes, got " + f);
            }
            voxOffset = (long) f;
        } else {
            voxOffset = b.getLong(l.voxOffset());
        }
        return finish(
                source,
                l.version(),
                order,
                dim,
                b.getShort(l.datatype()),
                reals(b, l.pixdim(), 8, rb),
                voxOffset,
                l.minOffset(),
                real(b, l.sclSlope(), rb),
                real(b, l.sclSlope() + rb, rb),
                (int) integer(b, l.qformCode(), l.codeBytes()),
                (int) integer(b, l.qformCode() + l.codeBytes(), l.codeBytes()),
                reals(b, l.quatern(), 3, rb),
                reals(b, l.quatern() + 3 * rb, 3, rb),
                reals(b, l.srow(), 12, rb));
    }

    private static long integer(ByteBuffer b, int offset, int bytes) {
        return switch (bytes) {
            case 2 -> b.getShort(offset);
            case 4 -> b.getInt(offset);
            default -> b.getLong(offset);
        };
    }

    private static double real(ByteBuffer b, int offset, int bytes) {
        return bytes == 4 ? b.getFloat(offset) : b.getDouble(offset);
    }

    private static double[] reals(ByteBuffer b, int offset, int count, int bytes) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = real(b, offset + bytes * i, bytes);
        }
        return v;
    }

    private static NiftiHeader finish(
            String source,
            int version,
            ByteOrder order,
            long[] dim,
            int datatypeCode,
            double[] pixdim,
            long voxOffset,
            int minOffset,
            double slope,
            double inter,
            int qcode,
            int scode,
            double[] quat,
            double[] qoff,
            double[] srow)
            throws InvalidInputException {
        if (dim[0] < 1 || dim[0] > 7) {
            throw new InvalidInputException(source, "dim[0]", "number of dimensions must be in 1..7, got " + dim[0]);
        }
        int ndim = (int) dim[0];
        for (int a = 1; a <= ndim; a++) {
            if (dim[a] < 1) {
                throw new InvalidInputException(source, "dim[" + a + "]", "must be >= 1, got " + dim[a]);
            }
        }
        NiftiDatatype datatype = NiftiDatatype.fromCode(datatypeCode);
        if (datatype == null) {
            throw new InvalidInputException(
                    source,
                    "datatype",
                    "code " + datatypeCode
                            + " is unknown or unsupported; supported: uint8, int8, int16, uint16, int32, uint32, int64,"
                            + " float32, float64");
        }
        if (voxOffset < minOffset) {
            throw new InvalidInputException(
                    source,
                    "vox_offset",
                    "must be >= " + minOffset + " (header plus extension flag) in a single-file NIfTI-" + version
                            + ", got " + voxOffset);
        }
        // nibabel's load-time fixes: qfac must be ±1 (else 1); spatial pixdims zero -> 1, negative -> abs.
        if (pixdim[0] != 1 && pixdim[0] != -1) {
            pixdim[0] = 1;
        }
        for (int a = 1; a <= 3; a++) {
            if (!Double.isFinite(pixdim[a])) {
                throw new InvalidInputException(source, "pixdim[" + a + "]", "must be finite, got " + pixdim[a]);
            }
            if (pixdim[a] == 0) {
                pixdim[a] = 1;
            } else if (pixdim[a] < 0) {
                pixdim[a] = -pixdim[a];
            }
        }
        if (qcode < 0 || qcode > 5) {
            qcode = 0;
        }
        if (scode < 0 || scode > 5) {
            scode = 0;
        }
        if (slope != 0 && Double.isFinite(slope) && !Double.isFinite(inter)) {
            throw new InvalidInputException(source, "scl_inter", "must be finite when scl_slope is set, got " + inter);
        }
        if (scode > 0) {
            for (double v : srow) {
                if (!Double.isFinite(v)) {
                    throw new InvalidInputException(source, "srow_x/srow_y/srow_z", "sform must be finite");
                }
            }
        } else if (qcode > 0) {
            if (QForm.invalidQuaternion(quat[0], quat[1], quat[2], version == 1)
                    || !Double.isFinite(quat[0] + quat[1] + quat[2] + qoff[0] + qoff[1] + qoff[2])) {
                throw new InvalidInputException(
                        source,
                        "quatern_b/quatern_c/quatern_d",
                        "not a unit quaternion (b²+c²+d² > 1) or not finite: " + Arrays.toString(quat));
            }
        }
        return new NiftiHeader(
                source, version, order, dim, datatype, pixdim, voxOffset, slope, inter, qcode, scode, quat, qoff, srow);
    }

    static byte[] readFully(InputStream in, int n, String source, String field)
            throws IOException, InvalidInputException {
        byte[] buf = new byte[n];
        int got;
        try {
            got = in.readNBytes(buf, 0, n);
        } catch (EOFException e) {
            throw new InvalidInputException(source, field, "file is truncated (compressed stream ended early)", e);
        } catch (java.util.zip.ZipException e) {
            throw new InvalidInputException(source, "gzip", "compressed data is corrupt: " + e.getMessage(), e);
        }
        if (got < n) {
            throw new InvalidInputException(source, field, "file is truncated: needed " + n + " bytes, got " + got);
        }
        return buf;
    }

    private static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte x : bytes) {
            sb.append(x >= 32 && x < 127 ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
        }
        return sb.toString();
    }
}
