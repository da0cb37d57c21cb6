package io.tonno.imaging.io;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes single-file NIfTI-1 and NIfTI-2 images, {@code .nii} or {@code .nii.gz} (decided by the
 * file name), in either byte order.
 *
 * <p>Read: datatypes uint8, int8, int16, uint16, int32, uint32, int64, float32, float64; scaling by
 * {@code scl_slope}/{@code scl_inter} as nibabel (a slope of 0 or NaN means none); the affine exactly as
 * nibabel's {@code img.affine} (see {@link NiftiHeader#affine()}); 3D images, 1D/2D images (padded to
 * 3D with extent 1) and 4D+ images whose extra dimensions are all 1. Voxels are decoded in chunks so a
 * read holds the float volume plus about 1 MiB. Every malformed input raises {@link InvalidInputException}
 * naming the file and the field: truncated files, corrupt gzip, wrong magic or {@code sizeof_hdr}, zero or
 * negative {@code dim}, more voxels than {@link NiftiReadOptions#maxVoxels()} (checked before allocating),
 * a {@code vox_offset} inside the header or past the end of the file, an unknown datatype, a real 4D
 * series, and NaN or infinite voxels (unless {@link NiftiReadOptions#nonFinite()} says otherwise).
 *
 * <p>Write: float32 or uint8, see {@link #writeFloat32} and {@link #writeUint8}; the file appears
 * atomically (temporary file + rename).
 */
public final class Nifti {
    private static final Logger LOG = LoggerFactory.getLogger(Nifti.class);

    private Nifti() {}

    /** Reads a 3D volume with {@link NiftiReadOptions#defaults()}. */
    public static Volume read(Path path) throws IOException, InvalidInputException {
        return read(path, NiftiReadOptions.defaults());
    }

    /** Reads a 3D volume; see the class comment for what is accepted and refused. */
    public static Volume read(Path path, NiftiReadOptions options) throws IOException, InvalidInputException {
        String source = path.toString();
        try (InputStream in = open(path)) {
            NiftiHeader h = NiftiHeaderParser.parse(in, source);
            check3d(h);
            h.checkVoxelLimit(options.maxVoxels());
            long dataBytes = h.voxelCount() * h.datatype().bytes();
            if (!isGzip(path)) {
                long size = Files.size(path);
                if (size < h.voxOffset() + dataBytes) {
                    String field = size < h.voxOffset() ? "vox_offset" : "data";
                    throw new InvalidInputException(
                            source,
                            field,
                            "file is truncated or vox_offset is wrong: " + "vox_offset " + h.voxOffset() + " + "
                                    + dataBytes + " bytes of voxel data > file size " + size);
                }
            }
            int headerSize = h.version() == 1 ? NiftiHeaderParser.NIFTI1_SIZE : NiftiHeaderParser.NIFTI2_SIZE;
            skip(in, h.voxOffset() - headerSize, source);
            float[] data = new float[(int) h.voxelCount()];
            NiftiVoxelReader.read(in, h, data);
            if (isGzip(path)) {
                // Reading to the end makes GZIPInputStream verify the CRC and length trailer.
                in.transferTo(OutputStream.nullOutputStream());
            }
            handleNonFinite(data, options.nonFinite(), source);
            return new Volume(h.shape3(), h.spacing(), h.affine(), data);
        } catch (EOFException e) {
            throw new InvalidInputException(source, "data", "file is truncated (compressed stream ended early)", e);
        } catch (ZipException e) {
            throw new InvalidInputException(source, "gzip", "compressed data is corrupt: " + e.getMessage(), e);
        }
    }

    /** Reads and validates only the header (cheap even for a compressed file). */
    public static NiftiHeader readHeader(Path path) throws IOException, InvalidInputException {
        String source = path.toString();
        try (InputStream in = open(path)) {
            return NiftiHeaderParser.parse(in, source);
        } catch (EOFException e) {
            throw new InvalidInputException(source, "header", "file is truncated (compressed stream ended early)", e);
        } catch (ZipException e) {
            throw new InvalidInputException(source, "gzip", "compressed data is corrupt: " + e.getMessage(), e);
        }
    }

    /** Writes {@code v} as float32 NIfTI-1 (gzip when the name ends in {@code .gz}), atomically. */
    public static void writeFloat32(Volume v, Path path) throws IOException {
        NiftiWriter.write(v, path, NiftiDatatype.FLOAT32);
    }

    /** Writes {@code mask} as uint8 NIfTI-1: values rounded half up and clamped to {@code 0..255}, NaN to 0. */
    public static void writeUint8(Volume mask, Path path) throws IOException {
        NiftiWriter.write(mask, path, NiftiDatatype.UINT8);
    }

    /** True when the file name ends in {@code .gz} (case-insensitive). */
    static boolean isGzip(Path path) {
        return path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
    }

    /** Refuses images with a non-singleton dimension beyond the third. */
    static void check3d(NiftiHeader h) throws InvalidInputException {
        long[] shape = h.dataShape();
        for (int a = 3; a < shape.length; a++) {
            if (shape[a] != 1) {
                throw new InvalidInputException(
                        h.source(),
                        "dim[" + (a + 1) + "]",
                        "image has shape "
                                + java.util.Arrays.toString(shape) + "; only 3D images (or 4D with a single volume) are"
                                + " supported, extract one volume first");
            }
        }
    }

    private static InputStream open(Path path) throws IOException, InvalidInputException {
        InputStream raw;
        try {
            raw = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(path.toString(), "file", "does not exist", e);
        }
        if (!isGzip(path)) {
            return new BufferedInputStream(raw, 1 << 16);
        }
        try {
            return new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16);
        } catch (ZipException | EOFException e) {
            raw.close();
            throw new InvalidInputException(
                    path.toString(),
                    "gzip",
                    "not a valid gzip stream although the name ends in .gz: " + e.getMessage(),
                    e);
        }
    }

    private static void skip(InputStream in, long n, String source) throws IOException, InvalidInputException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new InvalidInputException(
                    source,
                    "vox_offset",
                    "points past the end of the file (" + n + " bytes of extensions expected after the header)",
                    e);
        }
    }

    private static void handleNonFinite(float[] data, NiftiReadOptions.NonFinitePolicy policy, String source)
            throws InvalidInputException {
        if (policy == NiftiReadOptions.NonFinitePolicy.KEEP) {
            return;
        }
        long bad = 0;
        long first = -1;
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                if (first < 0) {
                    first = i;
                }
                bad++;
                if (policy == NiftiReadOptions.NonFinitePolicy.REPLACE_WITH_ZERO) {
                    data[i] = 0f;
                }
            }
        }
        if (bad == 0) {
            return;
        }
        if (policy == NiftiReadOptions.NonFinitePolicy.REFUSE) {
            throw new InvalidInputException(
                    source,
                    "data",
                    bad + " NaN or infinite voxel(s), the first at linear index " + first
                            + "; clean the image or read with NonFinitePolicy.REPLACE_WITH_ZERO");
        }
        LOG.warn("{}: replaced {} NaN or infinite voxel(s) by 0", source, bad);
    }
}
