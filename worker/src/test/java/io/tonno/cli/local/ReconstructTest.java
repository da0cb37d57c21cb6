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

    @Test
    void inversionVariantsAreOptionsOfToNNOOnly() throws Exception {
        int n = 24;
        Volume ball = Volume.zeros(n, n, n);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double x = 2.0 * i / (n - 1) - 1;
                    double y = 2.0 * j / (n - 1) - 1;
                    double z = 2.0 * k / (n - 1) - 1;
                    ball.set(i, j, k, x * x + y * y + z * z <= 0.16 ? 1f : 0f);
                }
            }
        }
        Path in = dir.resolve("ball.nii.gz");
        Nifti.writeFloat32(ball, in);
        Path paper = dir.resolve("paper.nii.gz");
        Path plain = dir.resolve("plain.nii.gz");
        String[] common = {"--input", in.toString(), "--directions", "200", "--slices", "24", "--slice-size", "32"};
        assertEquals(0, Tonno.commandLine().execute(concat(common, "reconstruct", "--out", paper.toString())));
        assertEquals(
                0,
                Tonno.commandLine()
                        .execute(concat(
                                common,
                                "reconstruct",
                                "--out",
                                plain.toString(),
                                "--inversion",
                                "backprojection",
                                "--score-map",
                                "sigmoid")));
        Volume p = Nifti.read(paper);
        Volume b = Nifti.read(plain);
        int c = n / 2;
        // The paper's inversion of the radon sum gives the ball back; the backprojection of sigmoid(area) is
        // smooth and peaks at the centre, and differs from it.
        assertEquals(1, p.get(c, c, c), 0.25);
        float max = Float.NEGATIVE_INFINITY;
        for (float v : b.data()) {
            max = Math.max(max, v);
        }
        assertEquals(max, b.get(c, c, c), 1e-3 * Math.abs(max), "the plain backprojection peaks at the centre");
        assertTrue(Math.abs(b.get(c, c, c) - p.get(c, c, c)) > 0.05);

        Path bad = dir.resolve("bad.nii.gz");
        assertEquals(
                2,
                Tonno.commandLine()
                        .execute(
                                concat(common, "reconstruct", "--out", bad.toString(), "--inversion", "fractional:3")));
        assertEquals(
                2,
                Tonno.commandLine()
                        .execute(concat(
                                common,
                                "reconstruct",
                                "--out",
                                bad.toString(),
                                "--method",
                                "averaged",
                                "--scorer",
                                "identity",
                                "--inversion",
                                "backprojection")));
        assertFalse(Files.exists(bad));
    }

    private static String[] concat(String[] common, String... first) {
        String[] all = new String[first.length + common.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(common, 0, all, first.length, common.length);
        return all;
    }
}
