package io.tonno.imaging.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed input of the issue is refused with an InvalidInputException naming file and field. */
class NiftiBadInputTest {
    @TempDir
    Path dir;

    private byte[] good;

    @BeforeEach
    void writeGoodFile() throws IOException {
        Volume v = Volume.zeros(8, 7, 6);
        for (int i = 0; i < v.voxelCount(); i++) {
            v.data()[i] = i * 0.5f;
        }
        Path p = dir.resolve("good.nii");
        Nifti.writeFloat32(v, p);
        good = Files.readAllBytes(p);
    }

    private InvalidInputException refuse(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        InvalidInputException ex = assertThrows(InvalidInputException.class, () -> Nifti.read(p));
        assertTrue(ex.getMessage().contains(p.toString()), "message names the file: " + ex.getMessage());
        return ex;
    }

    private byte[] patched(int offset, int size, long value) {
        byte[] b = good.clone();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        switch (size) {
            case 2 -> buf.putShort(offset, (short) value);
            case 4 -> buf.putInt(offset, (int) value);
            default -> throw new IllegalArgumentException();
        }
        return b;
    }

    private byte[] patchedFloat(int offset, float value) {
        byte[] b = good.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(offset, value);
        return b;
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(raw);
        }
        return bos.toByteArray();
    }

    @Test
    void refusesTruncatedUncompressedFileInData() throws IOException {
        assertEquals(
                "data",
                refuse("trunc.nii", Arrays.copyOf(good, good.length - 10)).field());
    }

    @Test
    void refusesTruncatedHeader() throws IOException {
        assertEquals("header", refuse("short.nii", Arrays.copyOf(good, 200)).field());
    }

    @Test
    void refusesTruncatedGzipStream() throws IOException {
        byte[] gz = gzip(good);
        assertEquals(
                "data", refuse("trunc.nii.gz", Arrays.copyOf(gz, gz.length / 2)).field());
    }

    @Test
    void refusesCorruptGzipData() throws IOException {
        byte[] gz = gzip(good);
        // The last 8 bytes are the CRC32 and length trailer; a wrong CRC is only noticed at the end.
        gz[gz.length - 6] ^= 0x5A;
        assertEquals("gzip", refuse("crc.nii.gz", gz).field());
    }

    @Test
    void refusesDotGzFileThatIsNotGzip() throws IOException {
        assertEquals("gzip", refuse("plain.nii.gz", good).field());
    }

    @Test
    void refusesWrongMagic() throws IOException {
        byte[] b = good.clone();
        b[344] = 'x';
        assertEquals("magic", refuse("magic.nii", b).field());
    }

    @Test
    void refusesHeaderPairMagicWithExplanation() throws IOException {
        byte[] b = good.clone();
        b[345] = 'i';
        InvalidInputException ex = refuse("pair.nii", b);
        assertEquals("magic", ex.field());
        assertTrue(ex.getMessage().contains(".hdr/.img"));
    }

    @Test
    void refusesWrongSizeofHdr() throws IOException {
        assertEquals("sizeof_hdr", refuse("notnifti.nii", patched(0, 4, 1234)).field());
    }

    @Test
    void refusesZeroDim() throws IOException {
        assertEquals("dim[2]", refuse("dim0.nii", patched(44, 2, 0)).field());
    }

    @Test
    void refusesNegativeDim() throws IOException {
        assertEquals("dim[3]", refuse("dimneg.nii", patched(46, 2, -6)).field());
    }

    @Test
    void refusesBadNumberOfDimensions() throws IOException {
        assertEquals("dim[0]", refuse("ndim.nii", patched(40, 2, 9)).field());
    }

    @Test
    void refusesVoxelCountAboveDefaultLimitBeforeAllocating() throws IOException {
        byte[] b = patched(42, 2, 30000);
        ByteBuffer.wrap(b)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort(44, (short) 30000)
                .putShort(46, (short) 30000);
        InvalidInputException ex = refuse("huge.nii", b);
        assertEquals("dim", ex.field());
        assertTrue(ex.getMessage().contains("limit"), ex.getMessage());
    }

    @Test
    void refusesVoxelCountAboveConfiguredLimit() throws IOException {
        Path p = dir.resolve("ok.nii");
        Files.write(p, good);
        InvalidInputException ex = assertThrows(
                InvalidInputException.class,
                () -> Nifti.read(p, NiftiReadOptions.defaults().withMaxVoxels(100)));
        assertEquals("dim", ex.field());
    }

    @Test
    void refusesVoxOffsetInsideHeader() throws IOException {
        assertEquals("vox_offset", refuse("off.nii", patchedFloat(108, 100f)).field());
    }

    @Test
    void refusesVoxOffsetPastEndOfFile() throws IOException {
        assertEquals("vox_offset", refuse("offbig.nii", patchedFloat(108, 1e6f)).field());
    }

    @Test
    void refusesFractionalVoxOffset() throws IOException {
        assertEquals(
                "vox_offset", refuse("offfrac.nii", patchedFloat(108, 352.5f)).field());
    }

    @Test
    void refusesVoxOffsetPastEndOfCompressedFile() throws IOException {
        assertEquals(
                "vox_offset",
                refuse("offbig.nii.gz", gzip(patchedFloat(108, 1e6f))).field());
    }

    @Test
    void refusesUnknownDatatype() throws IOException {
        InvalidInputException ex = refuse("complex.nii", patched(70, 2, 32));
        assertEquals("datatype", ex.field());
        assertTrue(ex.getMessage().contains("32"));
    }

    @Test
    void refusesNanVoxelsNamingTheCount() throws IOException {
        byte[] b = good.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(352 + 4 * 17, Float.NaN);
        InvalidInputException ex = refuse("nan.nii", b);
        assertEquals("data", ex.field());
        assertTrue(ex.getMessage().contains("index 17"), ex.getMessage());
    }

    @Test
    void refusesInfiniteVoxelsInCompressedFile() throws IOException {
        byte[] b = good.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(352 + 4 * 3, Float.NEGATIVE_INFINITY);
        assertEquals("data", refuse("inf.nii.gz", gzip(b)).field());
    }

    @Test
    void refusesMissingFile() {
        InvalidInputException ex = assertThrows(InvalidInputException.class, () -> Nifti.read(dir.resolve("nope.nii")));
        assertEquals("file", ex.field());
    }

    @Test
    void goodFileStillReadsAfterGzip() throws IOException, InvalidInputException {
        Path p = dir.resolve("fine.nii.gz");
        Files.write(p, gzip(good));
        Volume v = Nifti.read(p);
        assertEquals(17 * 0.5f, v.data()[17]);
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            assertEquals(good.length, in.readAllBytes().length);
        }
    }
}
