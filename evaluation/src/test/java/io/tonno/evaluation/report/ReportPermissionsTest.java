package io.tonno.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports (tables, JSON, HTML, PNG figures) are published with the permissions the umask allows, like any new file. */
class ReportPermissionsTest {
    @Test
    void everyReportFileHasTheUmasksPermissions(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX permissions");
        Path probe = Files.write(dir.resolve("probe"), new byte[0]);
        String expected = PosixFilePermissions.toString(Files.getPosixFilePermissions(probe));
        ReportWriterTest.writeSample(dir.resolve("out"));
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir.resolve("out"))) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.toString().endsWith(".png")), files.toString());
        assertTrue(files.stream().anyMatch(f -> f.toString().endsWith("results.json")), files.toString());
        for (Path f : files) {
            assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
    }
}
