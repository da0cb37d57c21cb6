package io.tonno.cli.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.cli.TinyNetwork;
import io.tonno.cli.Tonno;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.Nifti;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class CamCliTest {
    private static final double[] AFFINE = {1.5, 0, 0, -4, 0, 1.5, 0, 2, 0, 0, 1.5, 7, 0, 0, 0, 1};

    @TempDir
    Path dir;

    private Path weights;
    private Path input;

    @BeforeEach
    void files() throws Exception {
        weights = TinyNetwork.write(dir.resolve("model.safetensors"));
        Volume v = Volume.zeros(new int[] {14, 12, 6}, new double[] {1.5, 1.5, 1.5}, AFFINE);
        float[] d = v.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) ((i * 29 % 13) / 13.0);
        }
        input = dir.resolve("vol.nii.gz");
        Nifti.writeFloat32(v, input);
    }

    @Test
    void camWritesARawHeatmapWithTheInputGeometry() throws Exception {
        Path out = dir.resolve("heat.nii.gz");
        int code = Tonno.commandLine()
                .execute(
                        "cam",
                        "--input",
                        input.toString(),
                        "--weights",
                        weights.toString(),
                        "--arch",
                        "resnet10t",
                        "--norm",
                        "gn",
                        "--slice-size",
                        "32",
                        "--method",
                        "gradcampp",
                        "--layer",
                        "3",
                        "--axes",
                        "all",
                        "--out",
                        out.toString());
        assertEquals(0, code);
        Volume heat = Nifti.read(out);
        assertArrayEquals(new int[] {14, 12, 6}, heat.shape());
        assertArrayEquals(AFFINE, heat.affine(), 1e-6);
        for (float x : heat.data()) {
            assertTrue(Float.isFinite(x) && x >= 0);
        }
    }

    @Test
    void camRefusesBadOptionsNamingThemAndWritesNothing() {
        Path out = dir.resolve("bad.nii.gz");
        assertEquals(
                2,
                Tonno.commandLine()
                        .execute(
                                "cam",
                                "--input",
                                input.toString(),
                                "--weights",
                                weights.toString(),
                                "--method",
                                "gradcam3",
                                "--out",
                                out.toString()));
        assertEquals(2, Tonno.commandLine().execute("cam", "--input", input.toString(), "--out", out.toString()));
        assertEquals(
                2,
                Tonno.commandLine()
                        .execute(
                                "cam",
                                "--input",
                                input.toString(),
                                "--weights",
                                weights.toString(),
                                "--norm",
                                "frozen-bn",
                                "--arch",
                                "resnet50",
                                "--out",
                                out.toString()));
        assertFalse(Files.exists(out));
    }

    @Test
    void reconstructAcceptsModelAndCamScorers() throws Exception {
        Path tonno = dir.resolve("tonno.nii.gz");
        assertEquals(
                0,
                Tonno.commandLine()
                        .execute(
                                "reconstruct",
                                "--input",
                                input.toString(),
                                "--out",
                                tonno.toString(),
                                "--scorer",
                                "model",
                                "--weights",
                                weights.toString(),
                                "--directions",
                                "6",
                                "--slices",
                                "4",
                                "--slice-size",
                                "32",
                                "--threads",
                                "1"));
        assertArrayEquals(new int[] {14, 12, 6}, Nifti.read(tonno).shape());
        Path tomo = dir.resolve("tomo.nii.gz");
        assertEquals(
                0,
                Tonno.commandLine()
                        .execute(
                                "reconstruct",
                                "--input",
                                input.toString(),
                                "--out",
                                tomo.toString(),
                                "--scorer",
                                "cam:layercam:2",
                                "--method",
                                "tomographic",
                                "--weights",
                                weights.toString(),
                                "--directions",
                                "6",
                                "--slices",
                                "4",
                                "--slice-size",
                                "32",
                                "--threads",
                                "1"));
        assertArrayEquals(AFFINE, Nifti.read(tomo).affine(), 1e-6);
        Path bad = dir.resolve("bad.nii.gz");
        assertEquals(
                2,
                Tonno.commandLine()
                        .execute(
                                "reconstruct",
                                "--input",
                                input.toString(),
                                "--out",
                                bad.toString(),
                                "--scorer",
                                "cam:layercam:5",
                                "--method",
                                "averaged",
                                "--weights",
                                weights.toString()));
        assertEquals(
                2,
                Tonno.commandLine()
                        .execute(
                                "reconstruct",
                                "--input",
                                input.toString(),
                                "--out",
                                bad.toString(),
                                "--scorer",
                                "cam:layercam:2",
                                "--method",
                                "tonno",
                                "--weights",
                                weights.toString()));
        assertFalse(Files.exists(bad));
    }
}
