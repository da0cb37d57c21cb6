package io.tonno.classifier.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ParameterSpec;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.imaging.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsTest {
    private static final ResNetLayout ONE = new ResNetLayout(Architecture.RESNET10T, NormKind.FROZEN_BN, 1);

    private static Map<String, Tensor> tensorsOf(ResNetLayout layout, long seed) {
        Map<String, float[]> v = ResNetInit.random(layout, seed);
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (ParameterSpec p : layout.parameters()) {
            t.put(p.name(), Tensor.f32(p.shape(), v.get(p.name())));
        }
        return t;
    }

    @Test
    void savedWeightsLoadBackIdentically(@TempDir Path dir) throws Exception {
        Map<String, float[]> v = ResNetInit.random(ONE, 3);
        Path f = dir.resolve("w.safetensors");
        try (ResNet net = new ResNet(ONE, InputNormalization.IMAGENET, Device.cpu(), v)) {
            Weights.save(f, net, Map.of());
        }
        Map<String, float[]> back = Weights.load(f, ONE, 99);
        for (String k : v.keySet()) {
            assertArrayEquals(v.get(k), back.get(k), k);
        }
        assertEquals("frozen-bn", SafeTensors.read(f).metadata().get("tonno.norm"));
    }

    @Test
    void imagenetHeadIsReplacedByAFreshOneLogitHeadAndBatchCountersAreSkipped(@TempDir Path dir) throws Exception {
        ResNetLayout imagenet = new ResNetLayout(Architecture.RESNET10T, NormKind.BN, 1000);
        Map<String, Tensor> t = tensorsOf(imagenet, 5);
        t.put("bn1.num_batches_tracked", new Tensor("I64", new long[0], new float[] {7}));
        Path f = dir.resolve("in1k.safetensors");
        SafeTensors.write(f, t, Map.of());
        Map<String, float[]> loaded = Weights.load(f, ONE, 1);
        assertEquals(512, loaded.get("fc.weight").length);
        assertEquals(1, loaded.get("fc.bias").length);
        assertArrayEquals(t.get("layer4.0.conv2.weight").values(), loaded.get("layer4.0.conv2.weight"));
        assertNotEquals(t.get("fc.weight").values()[0], loaded.get("fc.weight")[0]);
        // The fresh head is PyTorch's Linear default: |w| <= 1/sqrt(512).
        for (float w : loaded.get("fc.weight")) {
            assertTrue(Math.abs(w) <= 1 / Math.sqrt(512) + 1e-7);
        }
    }

    @Test
    void missingAndMisshapedTensorsAreAllListedInOneError(@TempDir Path dir) throws Exception {
        Map<String, Tensor> t = tensorsOf(ONE, 6);
        t.remove("layer2.0.downsample.1.weight");
        t.remove("conv1.4.running_var");
        t.put("layer3.0.conv1.weight", Tensor.f32(new long[] {256, 128, 1, 1}, new float[256 * 128]));
        Path f = dir.resolve("bad.safetensors");
        SafeTensors.write(f, t, Map.of());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Weights.load(f, ONE, 1));
        assertEquals(f.toString(), e.source());
        assertTrue(e.getMessage().contains("3 tensor(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("layer2.0.downsample.1.weight missing"), e.getMessage());
        assertTrue(e.getMessage().contains("conv1.4.running_var missing"), e.getMessage());
        assertTrue(e.getMessage().contains("layer3.0.conv1.weight has shape [256, 128, 1, 1], expected [256, 128, 3, 3]"),
                e.getMessage());
    }

    @Test
    void readsHalfAndBfloat16ValuesExactly(@TempDir Path dir) throws Exception {
        // 1.0, -2.5, 65504 (max half), 2^-24 (smallest subnormal) as F16; 1.0 and -3.0 as BF16.
        short[] half = {0x3C00, (short) 0xC100, 0x7BFF, 0x0001};
        short[] bf = {0x3F80, (short) 0xC040};
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]}}";
        byte[] hb = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + hb.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(hb.length).put(hb);
        for (short s : half) {
            buf.putShort(s);
        }
        for (short s : bf) {
            buf.putShort(s);
        }
        Path f = dir.resolve("h.safetensors");
        Files.write(f, buf.array());
        Map<String, Tensor> t = SafeTensors.read(f).tensors();
        assertArrayEquals(new float[] {1f, -2.5f, 65504f, 0x1.0p-24f}, t.get("h").values());
        assertArrayEquals(new float[] {1f, -3f}, t.get("b").values());
    }

    @Test
    void truncatedFileIsRejectedNamingTheTensor(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.safetensors");
        SafeTensors.write(f, Map.of("x", Tensor.f32(new long[] {4}, new float[] {1, 2, 3, 4})), Map.of());
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 4));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SafeTensors.read(f));
        assertEquals("x.data_offsets", e.field());
    }
}
