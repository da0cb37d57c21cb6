package io.tonno.classifier.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.tonno.classifier.sampling.Xoshiro256;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResNetStagesTest {
    private static float[] noise(int n, long seed) {
        Xoshiro256 r = new Xoshiro256(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void gradientAtLayer4IsTheHeadWeightSpreadOverPositions() {
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, NormKind.GN, 1);
        Map<String, float[]> w = ResNetInit.random(layout, 1);
        try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), w);
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = net.prepareInput(m.create(noise(2 * 64 * 64, 2), new Shape(2, 64, 64)));
            NDArray a = net.forwardTo(x, Stage.LAYER4);
            assertArrayEquals(new long[] {2, 512, 2, 2}, a.getShape().getShape());
            a.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = net.forwardFrom(Stage.LAYER4, a);
                gc.backward(y.sum());
            }
            // logit = fc.w · mean_{h,w}(a) + b, so d logit / d a[c, i, j] = fc.w[c] / (h·w).
            float[] g = a.getGradient().toFloatArray();
            float[] fc = w.get("fc.weight");
            for (int c = 0; c < 512; c++) {
                assertEquals(fc[c] / 4, g[c * 4 + 3], 1e-7, "channel " + c);
            }
        }
    }

    @Test
    void stagesHaveTheDocumentedShapesAndComposeToTheFullPass() {
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, NormKind.BN, 1);
        try (ResNet net = new ResNet(layout, InputNormalization.IMAGENET, Device.cpu(), ResNetInit.random(layout, 3));
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = net.prepareInput(m.create(noise(3 * 40 * 40, 4), new Shape(3, 1, 40, 40)));
            assertArrayEquals(new long[] {3, 3, 40, 40}, x.getShape().getShape());
            long[][] expected = {
                {3, 64, 10, 10}, {3, 64, 10, 10}, {3, 128, 5, 5}, {3, 256, 3, 3}, {3, 512, 2, 2}, {3, 1}
            };
            Stage[] stages = {Stage.STEM, Stage.LAYER1, Stage.LAYER2, Stage.LAYER3, Stage.LAYER4, Stage.HEAD};
            float[] full = net.forward(x).toFloatArray();
            for (int i = 0; i < stages.length; i++) {
                NDArray a = net.forwardTo(x, stages[i]);
                assertArrayEquals(expected[i], a.getShape().getShape(), stages[i].name());
                assertArrayEquals(full, net.forwardFrom(stages[i], a).toFloatArray(), 1e-6f, stages[i].name());
            }
        }
    }

    @Test
    void resNet50HasTimmShapesAndRuns() {
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET50, NormKind.GN, 1000);
        // timm: resnet50 has 25,557,032 parameters.
        assertEquals(25_557_032, layout.parameterCount());
        ResNetLayout one = new ResNetLayout(Architecture.RESNET50, NormKind.FROZEN_BN, 1);
        try (ResNet net = new ResNet(one, InputNormalization.NONE, Device.cpu(), ResNetInit.random(one, 1));
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = net.prepareInput(m.create(noise(32 * 32, 5), new Shape(1, 32, 32)));
            assertArrayEquals(
                    new long[] {1, 2048, 1, 1},
                    net.forwardTo(x, Stage.LAYER4).getShape().getShape());
            assertTrue(Float.isFinite(net.forward(x).getFloat()));
        }
    }

    @Test
    void groupNormStemIsInvariantToInputScale() {
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, NormKind.GN, 1);
        try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), ResNetInit.random(layout, 6));
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            float[] x = noise(2 * 32 * 32, 7);
            NDArray a = net.forwardTo(net.prepareInput(m.create(x, new Shape(2, 32, 32))), Stage.STEM);
            NDArray b = net.forwardTo(
                    net.prepareInput(m.create(x, new Shape(2, 32, 32)).mul(10)), Stage.STEM);
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 1e-3f);
        }
    }

    @Test
    void trainingModeBatchNormUpdatesRunningStatisticsButFrozenDoesNot() {
        for (NormKind kind : new NormKind[] {NormKind.BN, NormKind.FROZEN_BN}) {
            ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, kind, 1);
            try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), ResNetInit.random(layout, 8));
                    NDManager m = NDManager.newBaseManager(Device.cpu())) {
                float[] before = net.get("conv1.1.running_mean");
                net.setTraining(true);
                float[] x = noise(4 * 32 * 32, 9);
                NDArray in = net.prepareInput(m.create(x, new Shape(4, 32, 32)).add(3));
                // The first conv has no bias: its batch mean is the conv of the input mean, so after one
                // step running_mean = 0.9·0 + 0.1·batch mean (PyTorch's momentum 0.1).
                NDArray conv = ai.djl.nn.convolutional.Conv2d.conv2d(
                                in,
                                net.tensor("conv1.0.weight"),
                                null,
                                new Shape(2, 2),
                                new Shape(1, 1),
                                new Shape(1, 1),
                                1)
                        .singletonOrThrow();
                float[] batchMean = conv.transpose(1, 0, 2, 3)
                        .reshape(24, -1)
                        .mean(new int[] {1})
                        .toFloatArray();
                net.forward(in);
                float[] after = net.get("conv1.1.running_mean");
                if (kind == NormKind.BN) {
                    for (int c = 0; c < 24; c++) {
                        assertEquals(0.1f * batchMean[c], after[c], 1e-4f, "channel " + c);
                    }
                    assertNotEquals(before[0], after[0]);
                } else {
                    assertArrayEquals(before, after);
                }
            }
        }
    }
}
