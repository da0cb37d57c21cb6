package io.tonno.cli.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.weights.Weights;
import io.tonno.cli.Tonno;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.Nifti;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tonno reconstruct --slicing}: the heatmap of slices cut on the network's device equals the host one. */
class DeviceSlicingCliTest {
    @TempDir
    Path dir;

    private String[] args(Path weights, Path input, Path out, String... extra) {
        String[] base = {
            "reconstruct",
            "--input",
            input.toString(),
            "--out",
            out.toString(),
            "--scorer",
            "model",
            "--weights",
            weights.toString(),
            "--directions",
            "40",
            "--slices",
            "14",
            "--slice-size",
            "24",
            "--threads",
            "2"
        };
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void deviceSlicingGivesTheHostHeatmapAndIsRefusedWithOnnxRuntime() throws Exception {
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, NormKind.BN, 1);
        Path weights = dir.resolve("model.safetensors");
        try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), ResNetInit.random(layout, 8))) {
            Weights.save(weights, net, Map.of());
        }
        int n = 18;
        Volume v = Volume.zeros(n, n, n);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double r2 = Math.pow(i - 10, 2) + Math.pow(j - 8, 2) + Math.pow(k - 9, 2);
                    v.set(i, j, k, (float) (0.3 + 0.01 * i + Math.exp(-r2 / 8.0)));
                }
            }
        }
        Path input = dir.resolve("v.nii.gz");
        Nifti.writeFloat32(v, input);
        Path host = dir.resolve("host.nii.gz");
        Path device = dir.resolve("device.nii.gz");
        assertEquals(
                0,
                Tonno.commandLine()
                        .execute(args(weights, input, host, "--scoring-engine", "pytorch", "--slicing", "host")));
        assertEquals(
                0,
                Tonno.commandLine()
                        .execute(args(weights, input, device, "--scoring-engine", "pytorch", "--slicing", "device")));
        float[] a = Nifti.read(host).data();
        float[] b = Nifti.read(device).data();
        double max = 0;
        for (float x : a) {
            max = Math.max(max, Math.abs(x));
        }
        assertTrue(max > 0, "a non-trivial heatmap");
        assertArrayEquals(a, b, "slices cut by engine operations on the CPU give the host's heatmap bit for bit");

        Path refused = dir.resolve("refused.nii.gz");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Tonno.commandLine().execute(args(weights, input, refused, "--slicing", "device"));
        } finally {
            System.setErr(old);
        }
        String err = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, err);
        assertTrue(err.contains("--slicing") && err.contains("pytorch"), err);
        assertFalse(Files.exists(refused));
    }
}
