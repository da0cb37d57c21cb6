package io.tonno.classifier.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tonno.classifier.weights.SafeTensors;
import io.tonno.classifier.weights.Tensor;
import io.tonno.classifier.weights.Weights;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our ResNet-10-T against PyTorch: the fixture (written by
 * {@code src/test/resources/fixtures/make_resnet10t_fixture.py}) holds full-size random weights with
 * non-trivial batch-norm statistics in F16/BF16/F32, an input, and PyTorch's eval-mode stage outputs.
 */
class ResNet10tPyTorchEqualityTest {
    private static final Path DIR = Path.of("src/test/resources/fixtures");

    @Test
    void forwardEqualsPyTorchEvalModeWithinOneInTenThousand() throws Exception {
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, NormKind.BN, 1);
        Map<String, float[]> w = Weights.load(DIR.resolve("resnet10t_fixture.safetensors"), layout);
        Map<String, Tensor> io = SafeTensors.read(DIR.resolve("resnet10t_fixture_io.safetensors"))
                .tensors();
        try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), w);
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Tensor in = io.get("input");
            NDArray x = m.create(in.values(), new Shape(in.shape()));
            NDArray a = assertStagesAndLogits(
                    net, x, io, Stage.STEM, Stage.LAYER1, Stage.LAYER2, Stage.LAYER3, Stage.LAYER4);
            float[] logits = net.forward(x).toFloatArray();
            float[] fromLayer4 = net.forwardFrom(Stage.LAYER4, a).toFloatArray();
            for (int i = 0; i < 2; i++) {
                assertEquals(logits[i], fromLayer4[i], 1e-6, "forwardFrom(LAYER4) must finish the same pass");
            }
        }
    }

    /**
     * {@code resnet10t-hr} is the same module with the stem's first conv at stride 1: the fixture's weights, PyTorch's
     * outputs written by {@code make_resnet10t_hr_fixture.py} on a 32² input. Every map is twice ResNet-10-T's size.
     */
    @Test
    void highResolutionStemEqualsPyTorchWithTheSameWeights() throws Exception {
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T_HR, NormKind.BN, 1);
        assertEquals(4_923_001, layout.parameterCount(), "the same tensors as resnet10t");
        Map<String, float[]> w = Weights.load(DIR.resolve("resnet10t_fixture.safetensors"), layout);
        Map<String, Tensor> io = SafeTensors.read(DIR.resolve("resnet10t_hr_fixture_io.safetensors"))
                .tensors();
        Tensor in = io.get("input");
        ResNetLayout plainLayout = new ResNetLayout(Architecture.RESNET10T, NormKind.BN, 1);
        try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), w);
                ResNet plain = new ResNet(plainLayout, InputNormalization.NONE, Device.cpu(), w);
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.create(in.values(), new Shape(in.shape()));
            assertEquals(
                    "[2, 64, 16, 16]",
                    Arrays.toString(net.forwardTo(x, Stage.STEM).getShape().getShape()));
            assertEquals(
                    "[2, 64, 8, 8]",
                    Arrays.toString(plain.forwardTo(x, Stage.STEM).getShape().getShape()));
            assertStagesAndLogits(net, x, io, Stage.STEM, Stage.LAYER4);
        }
    }

    @Test
    void fixtureWeightsHaveFullResNet10tShapes() throws Exception {
        ResNetLayout oneLogit = new ResNetLayout(Architecture.RESNET10T, NormKind.BN, 1);
        ResNetLayout imagenet = new ResNetLayout(Architecture.RESNET10T, NormKind.BN, 1000);
        // timm reports 5.44 M parameters for resnet10t with its 1000-class head.
        assertEquals(5_435_488, imagenet.parameterCount());
        assertEquals(4_923_001, oneLogit.parameterCount());
        Map<String, Tensor> t =
                SafeTensors.read(DIR.resolve("resnet10t_fixture.safetensors")).tensors();
        for (ParameterSpec p : oneLogit.parameters()) {
            assertTrue(t.containsKey(p.name()), p.name());
            assertEquals(
                    Arrays.toString(p.shape()), Arrays.toString(t.get(p.name()).shape()), p.name());
        }
        // Every fixture tensor except num_batches_tracked is in the layout.
        long extra = t.keySet().stream()
                .filter(n -> !n.endsWith("num_batches_tracked"))
                .count();
        assertEquals(oneLogit.parameters().size(), extra);
    }

    /**
     * Each stage's output and the two logits equal PyTorch's (the fixture's tensors named after the stages) to 1e-4.
     *
     * @return the last stage's output
     */
    private static NDArray assertStagesAndLogits(ResNet net, NDArray x, Map<String, Tensor> io, Stage... stages) {
        NDArray a = x;
        for (Stage s : stages) {
            a = net.forwardTo(x, s);
            Tensor expected = io.get(s.name().toLowerCase());
            assertEquals(
                    Arrays.toString(expected.shape()),
                    Arrays.toString(a.getShape().getShape()),
                    s.name());
            assertClose(expected.values(), a.toFloatArray(), 1e-4, s.name());
        }
        float[] logits = net.forward(x).toFloatArray();
        float[] expected = io.get("logits").values();
        assertEquals(2, logits.length);
        for (int i = 0; i < 2; i++) {
            assertEquals(expected[i], logits[i], 1e-4 * Math.abs(expected[i]), "logit " + i);
        }
        return a;
    }

    /** Relative to the largest magnitude of the expected array, per element. */
    static void assertClose(float[] expected, float[] actual, double rel, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= rel * scale, what + ": max abs diff " + worst + " > " + rel + " × " + scale);
    }
}
