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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
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

    /** A random network of {@code layout} saved as our training saves it (with tonno.norm metadata). */
    private static Path saved(Path file, ResNetLayout layout, long seed) throws Exception {
        try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), ResNetInit.random(layout, seed))) {
            Weights.save(file, net, Map.of());
        }
        return file;
    }

    @Test
    void savedWeightsLoadBackIdentically(@TempDir Path dir) throws Exception {
        Map<String, float[]> v = ResNetInit.random(ONE, 3);
        Path f = dir.resolve("w.safetensors");
        try (ResNet net = new ResNet(ONE, InputNormalization.IMAGENET, Device.cpu(), v)) {
            Weights.save(f, net, Map.of());
        }
        Map<String, float[]> back = Weights.load(f, ONE);
        for (String k : v.keySet()) {
            assertArrayEquals(v.get(k), back.get(k), k);
        }
        assertEquals("frozen-bn", SafeTensors.read(f).metadata().get("tonno.norm"));
    }

    /** resnet10t and resnet10t-hr share every tensor; the file's tonno.arch keeps one from loading as the other. */
    @Test
    void aFileOfOneArchitectureIsRefusedAsTheOtherNamingBoth(@TempDir Path dir) throws Exception {
        ResNetLayout hr = new ResNetLayout(Architecture.RESNET10T_HR, NormKind.BN, 1);
        ResNetLayout plain = new ResNetLayout(Architecture.RESNET10T, NormKind.BN, 1);
        Path f = saved(dir.resolve("hr.safetensors"), hr, 4);
        assertEquals("resnet10t-hr", SafeTensors.read(f).metadata().get("tonno.arch"));
        assertEquals(hr.parameters().size(), Weights.load(f, hr).size());
        for (boolean pretrained : new boolean[] {false, true}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> {
                if (pretrained) {
                    Weights.loadPretrained(f, plain, 1);
                } else {
                    Weights.load(f, plain);
                }
            });
            assertEquals("__metadata__.tonno.arch", e.field());
            assertTrue(
                    e.getMessage().contains("resnet10t-hr network, not resnet10t")
                            && e.getMessage().contains(f.toString()),
                    e.getMessage());
        }
        // A file without tonno.arch (timm's, PyTorch's) is judged by its tensors alone: it loads into either.
        Path bare = dir.resolve("bare.safetensors");
        SafeTensors.write(bare, tensorsOf(plain, 6), Map.of("format", "pt"));
        assertEquals(hr.parameters().size(), Weights.load(bare, hr).size());
    }

    @Test
    void imagenetHeadIsReplacedByAFreshOneLogitHeadAndBatchCountersAreSkipped(@TempDir Path dir) throws Exception {
        ResNetLayout imagenet = new ResNetLayout(Architecture.RESNET10T, NormKind.BN, 1000);
        Map<String, Tensor> t = tensorsOf(imagenet, 5);
        t.put("bn1.num_batches_tracked", new Tensor("I64", new long[0], new float[] {7}));
        Path f = dir.resolve("in1k.safetensors");
        SafeTensors.write(f, t, Map.of());
        Map<String, float[]> loaded = Weights.loadPretrained(f, ONE, 1);
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
    void theStrictLoaderRefusesAPretrainedHead(@TempDir Path dir) throws Exception {
        ResNetLayout imagenet = new ResNetLayout(Architecture.RESNET10T, NormKind.FROZEN_BN, 1000);
        Path f = dir.resolve("in1k.safetensors");
        SafeTensors.write(f, tensorsOf(imagenet, 5), Map.of());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Weights.load(f, ONE));
        assertTrue(
                e.getMessage()
                        .contains("2 tensor(s) mis-shaped: fc.weight has shape [1000, 512], expected [1, 512], "
                                + "fc.bias has shape [1000], expected [1]"),
                e.getMessage());
    }

    @Test
    void missingAndMisshapedTensorsAreAllListedInOneError(@TempDir Path dir) throws Exception {
        Map<String, Tensor> t = tensorsOf(ONE, 6);
        t.remove("layer2.0.downsample.1.weight");
        t.remove("conv1.4.running_var");
        t.put("layer3.0.conv1.weight", Tensor.f32(new long[] {256, 128, 1, 1}, new float[256 * 128]));
        Path f = dir.resolve("bad.safetensors");
        SafeTensors.write(f, t, Map.of());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Weights.load(f, ONE));
        assertEquals(f.toString(), e.source());
        assertEquals("tensors", e.field());
        assertTrue(
                e.getMessage()
                        .contains("do not fit resnet10t with norm frozen-bn: 2 tensor(s) the network needs are "
                                + "missing: conv1.4.running_var [32], layer2.0.downsample.1.weight [128, 64, 1, 1]; 1 tensor(s) mis-shaped: "
                                + "layer3.0.conv1.weight has shape [256, 128, 1, 1], expected [256, 128, 3, 3]"),
                e.getMessage());
    }

    /** The bug this guards against: batch-norm weights loaded into the default group-norm network without a word. */
    @Test
    void batchNormWeightsDoNotLoadIntoAGroupNormNetwork(@TempDir Path dir) throws Exception {
        ResNetLayout bn = new ResNetLayout(Architecture.RESNET10T, NormKind.BN, 1);
        Path f = saved(dir.resolve("bn.safetensors"), bn, 4);
        ResNetLayout gn = new ResNetLayout(Architecture.RESNET10T, NormKind.GN, 1);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Weights.load(f, gn));
        assertEquals(f.toString(), e.source());
        assertTrue(
                e.getMessage()
                        .contains("do not fit resnet10t with norm gn: 28 tensor(s) in the file that the network "
                                + "does not use: conv1.1.running_mean, conv1.1.running_var, conv1.4.running_mean, conv1.4.running_var, "
                                + "bn1.running_mean and 23 more"),
                e.getMessage());
        // An explicit choice that contradicts the file names both.
        InvalidInputException choice =
                assertThrows(InvalidInputException.class, () -> Weights.resolveNorm(f, NormKind.GN, "--norm"));
        assertEquals("--norm", choice.field());
        assertTrue(
                choice.getMessage()
                        .contains("--norm is gn, but the file has 28 batch-norm running-statistics tensors "
                                + "(conv1.1.running_mean, "),
                choice.getMessage());
        assertTrue(
                choice.getMessage().contains("the layout of a bn or frozen-bn network (its tonno.norm: bn)"),
                choice.getMessage());
        // Without a choice the file's norm is used, and the weights load.
        assertEquals(NormKind.BN, Weights.resolveNorm(f, null, "--norm"));
        assertEquals(
                NormKind.FROZEN_BN, Weights.resolveNorm(f, NormKind.FROZEN_BN, "--norm"), "same tensors, other kind");
        assertEquals(bn.parameters().size(), Weights.load(f, bn).size());
    }

    @Test
    void aDroppedTensorIsNamed(@TempDir Path dir) throws Exception {
        ResNetLayout gn = new ResNetLayout(Architecture.RESNET10T, NormKind.GN, 1);
        Path full = saved(dir.resolve("gn.safetensors"), gn, 8);
        SafeTensors.Contents c = SafeTensors.read(full);
        Map<String, Tensor> t = new LinkedHashMap<>(c.tensors());
        t.remove("layer4.0.bn2.weight");
        Path f = dir.resolve("dropped.safetensors");
        SafeTensors.write(f, t, c.metadata());
        assertEquals(NormKind.GN, Weights.resolveNorm(f, null, "model.norm"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Weights.load(f, gn));
        assertTrue(
                e.getMessage()
                        .endsWith("do not fit resnet10t with norm gn: 1 tensor(s) the network needs are missing: "
                                + "layer4.0.bn2.weight [512]"),
                e.getMessage());
    }

    @Test
    void theNormIsReadFromTheFileWhereItIsUnambiguous(@TempDir Path dir) throws Exception {
        // A group-norm layout (no running statistics, no metadata) is gn.
        ResNetLayout gn = new ResNetLayout(Architecture.RESNET10T, NormKind.GN, 1);
        Path g = dir.resolve("gn.safetensors");
        SafeTensors.write(g, tensorsOf(gn, 2), Map.of());
        assertEquals(NormKind.GN, Weights.resolveNorm(g, null, "model.norm"));
        InvalidInputException toBn = assertThrows(
                InvalidInputException.class, () -> Weights.resolveNorm(g, NormKind.FROZEN_BN, "model.norm"));
        assertTrue(
                toBn.getMessage()
                        .contains("model.norm is frozen-bn, but the file has no running statistics, the layout "
                                + "of a gn network"),
                toBn.getMessage());
        // Running statistics without metadata (timm's files) are bn or frozen-bn: the user must say which.
        Path b = dir.resolve("timm.safetensors");
        SafeTensors.write(b, tensorsOf(ONE, 2), Map.of("format", "pt"));
        InvalidInputException ambiguous =
                assertThrows(InvalidInputException.class, () -> Weights.resolveNorm(b, null, "model.norm"));
        assertTrue(
                ambiguous
                        .getMessage()
                        .contains("but no tonno.norm metadata to tell which; set model.norm to bn or " + "frozen-bn"),
                ambiguous.getMessage());
        assertEquals(NormKind.FROZEN_BN, Weights.resolveNorm(b, NormKind.FROZEN_BN, "model.norm"));
        // Metadata that contradicts the tensors is an error naming the field.
        Path liar = dir.resolve("liar.safetensors");
        SafeTensors.write(liar, tensorsOf(ONE, 2), Map.of("tonno.norm", "gn"));
        assertEquals(
                "__metadata__.tonno.norm",
                assertThrows(InvalidInputException.class, () -> Weights.resolveNorm(liar, null, "model.norm"))
                        .field());
        assertEquals(
                "weights",
                assertThrows(
                                InvalidInputException.class,
                                () -> Weights.resolveNorm(dir.resolve("none.safetensors"), null, "model.norm"))
                        .field());
    }

    @Test
    void weightsFilesGetTheUmasksPermissions(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX permissions");
        Path probe = Files.write(dir.resolve("probe"), new byte[0]);
        Path f = dir.resolve("w.safetensors");
        SafeTensors.write(f, Map.of("x", Tensor.f32(new long[] {1}, new float[] {1})), Map.of());
        assertEquals(
                PosixFilePermissions.toString(Files.getPosixFilePermissions(probe)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void theSameMetadataGivesTheSameBytesWhateverItsOrder(@TempDir Path dir) throws Exception {
        Map<String, Tensor> x = Map.of("x", Tensor.f32(new long[] {1}, new float[] {1}));
        Map<String, String> ab = new java.util.LinkedHashMap<>();
        ab.put("tonno.steps", "2000");
        ab.put("tonno.valVolumeAuc", "0.91");
        Map<String, String> ba = new java.util.LinkedHashMap<>();
        ba.put("tonno.valVolumeAuc", "0.91");
        ba.put("tonno.steps", "2000");
        SafeTensors.write(dir.resolve("ab.safetensors"), x, ab);
        SafeTensors.write(dir.resolve("ba.safetensors"), x, ba);
        assertArrayEquals(
                Files.readAllBytes(dir.resolve("ab.safetensors")), Files.readAllBytes(dir.resolve("ba.safetensors")));
        assertEquals(ab, SafeTensors.read(dir.resolve("ba.safetensors")).metadata());
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
        assertArrayEquals(
                new float[] {1f, -2.5f, 65504f, 0x1.0p-24f}, t.get("h").values());
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
