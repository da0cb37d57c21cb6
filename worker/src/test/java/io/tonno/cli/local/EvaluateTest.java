package io.tonno.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.cli.CliRun;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.Nifti;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class EvaluateTest {
    @TempDir
    Path tmp;

    private static Volume vol(float... v) {
        Volume out = Volume.zeros(
                new int[] {v.length, 1, 1}, new double[] {2, 1, 1}, Volume.diagonalAffine(new double[] {2, 1, 1}));
        System.arraycopy(v, 0, out.data(), 0, v.length);
        return out;
    }

    /** Two test cases: "a" with a lesion at voxels 1-2, "b" negative. */
    private void writeCases(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("pred"));
        Files.createDirectories(dir.resolve("truth"));
        Nifti.writeFloat32(vol(0.9f, 0.9f, 0, 0, 0.7f, 0), dir.resolve("pred/a.nii.gz"));
        Nifti.writeUint8(vol(0, 1, 1, 0, 0, 0), dir.resolve("truth/a.nii.gz"));
        Nifti.writeFloat32(vol(0, 0, 0.8f, 0, 0, 0), dir.resolve("pred/b.nii"));
        Nifti.writeUint8(vol(0, 0, 0, 0, 0, 0), dir.resolve("truth/b.nii.gz"));
    }

    @Test
    void scoresADirectoryWithAGivenThresholdAndWritesTheJson() throws Exception {
        writeCases(tmp);
        Path out = tmp.resolve("res/results.json");
        CliRun r = CliRun.of(
                "evaluate",
                "--pred",
                tmp.resolve("pred").toString(),
                "--truth",
                tmp.resolve("truth").toString(),
                "--threshold",
                "0.5",
                "--method",
                "ToNNO",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(new ObjectMapper().readTree(r.out()), json);
        JsonNode res = json.get("results").get(0);
        assertEquals("ToNNO", res.get("method").asText());
        JsonNode pooled = res.get("pooled");
        // a: prediction {0,1},{4} vs truth {1,2}: 1/1 detected, 1/2 TP, Dice 0.4; b: one false positive, Dice 0.
        assertEquals(1.0 / 3.0, pooled.get("precision").asDouble(), 1e-12);
        assertEquals(1.0, pooled.get("recall").asDouble(), 1e-12);
        assertEquals(0.2, pooled.get("meanDice").asDouble(), 1e-12);
        assertEquals(0.5, pooled.get("balancedAccuracy").asDouble(), 1e-12);
        assertEquals(3.8, pooled.get("meanHd95").asDouble(), 1e-6);
        assertEquals("a", res.get("cases").get(0).get("id").asText());
        assertEquals(
                0.5, res.get("settings").get("binarization").get("threshold").asDouble());
    }

    @Test
    void calibratesTheThresholdOnAnotherDirectory() throws Exception {
        writeCases(tmp.resolve("test"));
        Path calib = tmp.resolve("calib");
        Files.createDirectories(calib.resolve("pred"));
        Files.createDirectories(calib.resolve("truth"));
        // Lesion voxels score 0.8-1.0, background up to 0.75: the best max-normalised threshold separates them.
        Nifti.writeFloat32(vol(0.1f, 0.9f, 1.0f, 0.75f, 0.2f, 0.8f), calib.resolve("pred/c1.nii.gz"));
        Nifti.writeUint8(vol(0, 1, 1, 0, 0, 1), calib.resolve("truth/c1.nii.gz"));
        Path out = tmp.resolve("results.json");
        Path report = tmp.resolve("report");
        CliRun r = CliRun.of(
                "evaluate",
                "--pred",
                tmp.resolve("test/pred").toString(),
                "--truth",
                tmp.resolve("test/truth").toString(),
                "--calibrate",
                calib.toString(),
                "--normalization",
                "max",
                "--out",
                out.toString(),
                "--report",
                report.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode res = new ObjectMapper().readTree(out.toFile()).get("results").get(0);
        double t = res.get("settings").get("binarization").get("threshold").asDouble();
        assertTrue(t >= 0.75 && t < 0.8, "threshold " + t);
        assertEquals(1.0, res.get("calibration").get("meanDice").asDouble(), 1e-12);
        assertEquals(
                "PER_VOLUME_MAX",
                res.get("settings")
                        .get("binarization")
                        .get("normalization")
                        .get("kind")
                        .asText());
        assertTrue(Files.exists(report.resolve("index.html")));
        assertTrue(Files.exists(report.resolve("results.md")));
    }

    @Test
    void reportsAMissingMaskNamingTheDirectoryAndCase() throws Exception {
        writeCases(tmp);
        Files.delete(tmp.resolve("truth/b.nii.gz"));
        CliRun r = CliRun.of(
                "evaluate",
                "--pred",
                tmp.resolve("pred").toString(),
                "--truth",
                tmp.resolve("truth").toString(),
                "--threshold",
                "0.5",
                "--out",
                tmp.resolve("r.json").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("truth") && r.err().contains("b.nii.gz"), r.err());
        assertTrue(Files.notExists(tmp.resolve("r.json")));
    }

    @Test
    void reportsMismatchedShapesNamingTheFile() throws Exception {
        writeCases(tmp);
        Nifti.writeUint8(vol(0, 1, 1), tmp.resolve("truth/a.nii.gz"));
        CliRun r = CliRun.of(
                "evaluate",
                "--pred",
                tmp.resolve("pred").toString(),
                "--truth",
                tmp.resolve("truth").toString(),
                "--threshold",
                "0.5",
                "--out",
                tmp.resolve("r.json").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("a.nii.gz") && r.err().contains("dim"), r.err());
    }

    @Test
    void requiresExactlyOneOfThresholdAndCalibrate() {
        CliRun r = CliRun.of("evaluate", "--pred", "p", "--truth", "t", "--out", "o.json");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--threshold") || r.err().contains("--calibrate"), r.err());
    }
}
