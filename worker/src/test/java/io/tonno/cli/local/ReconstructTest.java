package io.tonno.cli.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.cli.CliRun;
import io.tonno.cli.Tonno;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.stats.Correlation;
import io.tonno.workflows.spec.MethodSpec;
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
        Volume blob =
                fill(Volume.zeros(new int[] {n, n, n}, new double[] {2, 2, 2}, affine), r2 -> Math.exp(-r2 / 0.18));
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
    void samplingChoosesTheDirectionLatticeAndRefusesContradictions() throws Exception {
        int n = 20;
        Path in = ball(n);
        String[] common = {"--input", in.toString(), "--directions", "150", "--slices", "20", "--slice-size", "24"};
        Path relaxed = dir.resolve("relaxed.nii.gz");
        Path fibonacci = dir.resolve("fibonacci.nii.gz");
        assertEquals(0, reconstruct(common, relaxed, "--sampling", "relaxed-hemisphere"));
        assertEquals(0, reconstruct(common, fibonacci, "--hemisphere"));
        Volume r = Nifti.read(relaxed);
        Volume f = Nifti.read(fibonacci);
        int c = n / 2;
        // Both invert the radon sums of the ball (cut and backprojected along the same normals); the normals differ.
        assertEquals(1, r.get(c, c, c), 0.25);
        assertEquals(1, f.get(c, c, c), 0.25);
        assertTrue(Math.abs(r.get(c, c, c) - f.get(c, c, c)) > 1e-6, "the relaxed lattice has other normals");

        Path refused = dir.resolve("refused.nii.gz");
        assertEquals(2, reconstruct(common, refused, "--sampling", "cube"));
        assertEquals(2, reconstruct(common, refused, "--hemisphere", "--sampling", "sphere"));
        assertFalse(Files.exists(refused));
    }

    @Test
    void inversionVariantsAreOptionsOfToNNOOnly() throws Exception {
        int n = 24;
        Path in = ball(n);
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

    @Test
    void adaptiveOffsetsScoreFewerSlicesForNearlyTheSameHeatmap() throws Exception {
        int n = 20;
        Path in = ball(n);
        String[] common = {
            "--input", in.toString(), "--directions", "150", "--slices", "40", "--slice-size", "24", "--threads", "2"
        };
        Path body = dir.resolve("body.nii.gz");
        Path adaptive = dir.resolve("adaptive.nii.gz");
        Path fallback = dir.resolve("fallback.nii.gz");
        JsonNode b = line(CliRun.of(concat(common, "reconstruct", "--out", body.toString(), "--body-offsets")));
        JsonNode a = line(
                CliRun.of(concat(common, "reconstruct", "--out", adaptive.toString(), "--adaptive-offsets", "0.01")));
        JsonNode f = line(CliRun.of(concat(common, "reconstruct", "--out", fallback.toString(), "--adaptive-offsets")));
        assertEquals("body", b.path("offsets").asText());
        assertEquals("adaptive:0.01", a.path("offsets").asText());
        assertEquals(
                "adaptive:" + MethodSpec.ADAPTIVE_TOLERANCE, f.path("offsets").asText());
        long bodySlices = b.path("slicesSampled").asLong();
        long adaptiveSlices = a.path("slicesSampled").asLong();
        double corr = Correlation.pearson(
                Nifti.read(body).data(), Nifti.read(adaptive).data());
        System.out.printf(
                "ball, adaptive offsets at 0.01: %d of %d slices, correlation %.5f; at the default: %d, %.5f%n",
                adaptiveSlices,
                bodySlices,
                corr,
                f.path("slicesSampled").asLong(),
                Correlation.pearson(
                        Nifti.read(body).data(), Nifti.read(fallback).data()));
        // Measured: 1868 of 3028 slices, correlation 0.987 (the ball's edge is a kink in its Radon sums).
        assertTrue(adaptiveSlices < 0.7 * bodySlices, adaptiveSlices + " of " + bodySlices);
        assertTrue(corr > 0.98, "correlation " + corr);

        Path refused = dir.resolve("refused-adaptive.nii.gz");
        assertEquals(2, reconstruct(common, refused, "--adaptive-offsets", "-1"));
        assertEquals(
                2, reconstruct(common, refused, "--method", "averaged", "--scorer", "identity", "--adaptive-offsets"));
        assertFalse(Files.exists(refused));
    }

    /** The one JSON line of a successful run. */
    private static JsonNode line(CliRun run) throws Exception {
        assertEquals(0, run.code(), run.err());
        String last = run.out().strip();
        return new ObjectMapper().readTree(last.substring(last.lastIndexOf('\n') + 1));
    }

    /** {@code tonno reconstruct} with {@code common}, {@code --out out} and {@code extra}; its exit code. */
    private static int reconstruct(String[] common, Path out, String... extra) {
        String[] head = {"reconstruct", "--out", out.toString()};
        String[] all = new String[head.length + extra.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(extra, 0, all, head.length, extra.length);
        return Tonno.commandLine().execute(concat(common, all));
    }

    /** A ball of radius 0.4 (cube units) in an {@code n³} volume, written as {@code ball.nii.gz}. */
    private Path ball(int n) throws Exception {
        Path in = dir.resolve("ball.nii.gz");
        Nifti.writeFloat32(fill(Volume.zeros(n, n, n), r2 -> r2 <= 0.16 ? 1 : 0), in);
        return in;
    }

    /** Sets every voxel of the cube {@code v} to {@code f(r²)}, {@code r} its distance to the centre in cube units. */
    private static Volume fill(Volume v, java.util.function.DoubleUnaryOperator f) {
        int n = v.shape()[0];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double x = 2.0 * i / (n - 1) - 1;
                    double y = 2.0 * j / (n - 1) - 1;
                    double z = 2.0 * k / (n - 1) - 1;
                    v.set(i, j, k, (float) f.applyAsDouble(x * x + y * y + z * z));
                }
            }
        }
        return v;
    }

    private static String[] concat(String[] common, String... first) {
        String[] all = new String[first.length + common.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(common, 0, all, first.length, common.length);
        return all;
    }
}
