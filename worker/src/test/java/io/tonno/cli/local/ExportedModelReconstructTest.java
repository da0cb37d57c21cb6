package io.tonno.cli.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.classifier.testing.ExportedModels;
import io.tonno.cli.Tonno;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.Nifti;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tonno reconstruct --scorer model} with networks exported from PyTorch: a ConvNeXt-style network (1 channel,
 * 2 class logits) as TorchScript and as ONNX gives the same ToNNO heatmap, on the input's grid and affine; CAM scorers
 * and contract breakers are refused with exit code 2 and a message naming the file or option, writing nothing.
 */
class ExportedModelReconstructTest {
    @TempDir
    static Path dir;

    private static Path volume;

    @BeforeAll
    static void fixtures() throws Exception {
        ExportedModels.assumeTorch();
        ExportedModels.convnext(dir.resolve("cnx"));
        ExportedModels.bad(dir.resolve("bad"));
        int n = 24;
        double[] affine = {1.5, 0, 0, -10, 0, 1.5, 0, 5, 0, 0, 2, 1, 0, 0, 0, 1};
        Volume v = Volume.zeros(new int[] {n, n, n}, new double[] {1.5, 1.5, 2}, affine);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double r2 = Math.pow(i - 14, 2) + Math.pow(j - 10, 2) + Math.pow(k - 12, 2);
                    v.set(i, j, k, (float) (0.2 + 0.02 * i + Math.exp(-r2 / 12.0)));
                }
            }
        }
        volume = dir.resolve("volume.nii.gz");
        Nifti.writeFloat32(v, volume);
    }

    /** Reconstruct arguments for the 2-class ConvNeXt-style network (positive class 1). */
    private static String[] args(Path model, Path out, String... extra) {
        String[] positive = {"--positive-index", "1"};
        String[] all = new String[extra.length + 2];
        System.arraycopy(positive, 0, all, 0, 2);
        System.arraycopy(extra, 0, all, 2, extra.length);
        return oneLogit(model, out, all);
    }

    /** Reconstruct arguments for a 1-channel network with one logit per slice. */
    private static String[] oneLogit(Path model, Path out, String... extra) {
        String[] base = {
            "reconstruct",
            "--input",
            volume.toString(),
            "--out",
            out.toString(),
            "--scorer",
            "model",
            "--weights",
            model.toString(),
            "--channels",
            "1",
            "--directions",
            "60",
            "--slices",
            "20",
            "--slice-size",
            "32",
            "--threads",
            "2"
        };
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void torchScriptAndOnnxGiveTheSameHeatmapOnTheInputGrid() throws Exception {
        Path fromPt = dir.resolve("pt.nii.gz");
        Path fromOnnx = dir.resolve("onnx.nii.gz");
        assertEquals(0, Tonno.commandLine().execute(args(dir.resolve("cnx.pt"), fromPt)));
        assertEquals(0, Tonno.commandLine().execute(args(dir.resolve("cnx.onnx"), fromOnnx)));
        Volume a = Nifti.read(fromPt);
        Volume b = Nifti.read(fromOnnx);
        Volume in = Nifti.read(volume);
        assertArrayEquals(in.shape(), a.shape());
        assertArrayEquals(in.affine(), a.affine(), 1e-6);
        double max = 0;
        double diff = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i]));
            diff = Math.max(diff, Math.abs(a.data()[i] - b.data()[i]));
        }
        assertTrue(max > 0, "a non-trivial heatmap");
        assertTrue(diff <= 1e-3 * max, "TorchScript and ONNX heatmaps differ by " + diff + " of " + max);
    }

    @Test
    void refusesCamScorersAndBrokenModelsNamingWhat() throws Exception {
        Path out = dir.resolve("refused.nii.gz");
        String err = refused(
                "reconstruct",
                "--input",
                volume.toString(),
                "--out",
                out.toString(),
                "--method",
                "tomographic",
                "--scorer",
                "cam:gradcam:4",
                "--weights",
                dir.resolve("cnx.onnx").toString());
        assertTrue(err.contains("--weights") && err.contains("exposes none"), err);
        err = refused(oneLogit(dir.resolve("bad-nan.onnx"), out));
        assertTrue(err.contains("bad-nan.onnx") && err.contains("non-finite"), err);
        err = refused(oneLogit(dir.resolve("bad-rank2.onnx"), out));
        assertTrue(err.contains("bad-rank2.onnx") && err.contains("input"), err);
        err = refused(args(dir.resolve("cnx.pt"), out, "--model-format", "onnx"));
        assertTrue(err.contains("cnx.pt") && err.contains("onnx"), err);
        err = refused(args(dir.resolve("cnx.pt"), out, "--input-normalization", "imagenet"));
        assertTrue(err.contains("--input-normalization"), err);
        Path unnamed = dir.resolve("model.bin");
        Files.copy(dir.resolve("cnx.onnx"), unnamed);
        err = refused(args(unnamed, out));
        assertTrue(err.contains("--model-format"), err);
        assertFalse(Files.exists(out), "a refused run writes nothing");
    }

    private static String refused(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Tonno.commandLine().execute(args);
        } finally {
            System.setErr(old);
        }
        String err = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, err);
        return err;
    }
}
