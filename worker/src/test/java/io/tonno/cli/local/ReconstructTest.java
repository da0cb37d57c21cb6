package io.tonno.cli.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.cli.Tonno;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.Nifti;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ReconstructTest {
    @TempDir
    Path dir;

    @Test
    void parsesKnownScorersAndRejectsOthersNamingTheOption() throws Exception {
        assertTrue(ScorerOption.parse("radon-sum").isScalar());
        assertTrue(ScorerOption.parse("pooled:7").isMap());
        assertTrue(ScorerOption.parse("identity").isMap());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ScorerOption.parse("pooled:0"));
        assertEquals("--scorer", e.field());
        assertThrows(InvalidInputException.class, () -> ScorerOption.parse("gradcam"));
    }

    @Test
    void reconstructsABlobFileWithTheInputAffine() throws Exception {
        int n = 20;
        double[] affine = {2, 0, 0, -10, 0, 2, 0, 5, 0, 0, 2, 1, 0, 0, 0, 1};
        Volume blob = Volume.zeros(new int[] {n, n, n}, new double[] {2, 2, 2}, affine);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double x = 2.0 * i / (n - 1) - 1;
                    double y = 2.0 * j / (n - 1) - 1;
                    double z = 2.0 * k / (n - 1) - 1;
                    blob.set(i, j, k, (float) Math.exp(-(x * x + y * y + z * z) / 0.18));
                }
            }
        }
        Path in = dir.resolve("blob.nii.gz");
        Path out = dir.resolve("heat.nii.gz");
        Nifti.writeFloat32(blob, in);
        int code = Tonno.commandLine()
                .execute(
                        "reconstruct",
                        "--input",
                        in.toString(),
                        "--out",
                        out.toString(),
                        "--directions",
                        "300",
                        "--slices",
                        "30",
                        "--slice-size",
                        "40",
                        "--threads",
                        "2");
        assertEquals(0, code);
        Volume heat = Nifti.read(out);
        assertArrayEquals(affine, heat.affine(), 1e-6);
        assertEquals(blob.get(n / 2, n / 2, n / 2), heat.get(n / 2, n / 2, n / 2), 0.1);

        Path bad = dir.resolve("bad.nii.gz");
        int refused = Tonno.commandLine()
                .execute(
                        "reconstruct",
                        "--input",
                        in.toString(),
                        "--out",
                        bad.toString(),
                        "--scorer",
                        "pooled:7",
                        "--method",
                        "tonno");
        assertEquals(2, refused);
        assertFalse(Files.exists(bad));
    }
}
