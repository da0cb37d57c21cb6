package io.tonno.imaging.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files published through {@link AtomicFiles} (and so by the NIfTI writer) get the permissions of any file the
 * process creates, as its umask allows, not the owner-only mode of {@code Files.createTempFile}.
 */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void publishedFilesHaveTheUmasksPermissionsLikeAnyNewFile() throws Exception {
        Set<PosixFilePermission> expected = umaskPermissions(dir);
        Path text = dir.resolve("out/report.json");
        AtomicFiles.writeString(text, "{}\n");
        Path copy = dir.resolve("copy.json");
        Files.setPosixFilePermissions(text, PosixFilePermissions.fromString("rw-------"));
        AtomicFiles.copy(text, copy);
        Path image = dir.resolve("image.nii.gz");
        Nifti.writeFloat32(Volume.zeros(4, 5, 6), image);
        Path mask = dir.resolve("mask.nii");
        Nifti.writeUint8(Volume.zeros(4, 5, 6), mask);
        for (Path p : new Path[] {copy, image, mask}) {
            assertEquals(
                    PosixFilePermissions.toString(expected),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(p)),
                    p.toString());
        }
        assertEquals("{}\n", Files.readString(copy));
    }

    /** Under the usual umask 022 that is rw-r--r--: group and others may read. */
    @Test
    void underUmask022GroupAndOthersCanRead() throws Exception {
        Set<PosixFilePermission> expected = umaskPermissions(dir);
        Assumptions.assumeTrue(PosixFilePermissions.toString(expected).equals("rw-r--r--"), "umask is not 022");
        Path image = dir.resolve("v.nii.gz");
        Nifti.writeFloat32(Volume.zeros(3, 3, 3), image);
        Set<PosixFilePermission> got = Files.getPosixFilePermissions(image);
        assertTrue(
                got.contains(PosixFilePermission.GROUP_READ) && got.contains(PosixFilePermission.OTHERS_READ),
                got.toString());
    }

    @Test
    void aFailedWriteLeavesTheTargetAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("t.txt");
        AtomicFiles.writeString(target, "old");
        assertThrows(
                IOException.class,
                () -> AtomicFiles.write(target, out -> {
                    out.write("new".getBytes());
                    throw new IOException("disk full");
                }));
        assertEquals("old", Files.readString(target));
        try (Stream<Path> s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    /** The mode of a plain new file in {@code dir}: 0666 less the umask. */
    static Set<PosixFilePermission> umaskPermissions(Path dir) throws IOException {
        Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX permissions");
        Path probe = Files.write(dir.resolve("probe-" + System.nanoTime()), new byte[0]);
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(probe);
        Files.delete(probe);
        return p;
    }
}
