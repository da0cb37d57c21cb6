package io.tonno.classifier.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.Stage;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CamMethodsTest {
    private static final Stage[] LAYERS = {Stage.LAYER1, Stage.LAYER2, Stage.LAYER3, Stage.LAYER4};
    private static ResNet net;

    @BeforeAll
    static void network() {
        net = TestNets.resnet10t(11);
    }

    @AfterAll
    static void close() {
        net.close();
    }

    /** Activation and gradient of the raw logit at a layer, as the test computes them. */
    private record Taken(float[] a, float[] g, int c, int h, int w) {}

    private static Taken take(float[] slices, int n, int height, int width, Stage layer) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray a = net.forwardTo(net.prepareInput(m.create(slices, new Shape(n, height, width))), layer);
            a.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.forwardFrom(layer, a).sum());
            }
            long[] s = a.getShape().getShape();
            return new Taken(a.toFloatArray(), a.getGradient().toFloatArray(), (int) s[1], (int) s[2], (int) s[3]);
        }
    }

    /** {@code ReLU(Σ_k W(b, k, cell) A(b, k, cell))} with weights from a per-(b, k, cell) function. */
    private interface Weight {
        double at(int b, int k, int cell);
    }

    private static float[] combine(Taken t, int n, Weight weight) {
        int cells = t.h * t.w;
        float[] out = new float[n * cells];
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < cells; p++) {
                double acc = 0;
                for (int k = 0; k < t.c; k++) {
                    acc += weight.at(b, k, p) * t.a[(b * t.c + k) * cells + p];
                }
                out[b * cells + p] = (float) Math.max(0, acc);
            }
        }
        return out;
    }

    private static void assertMapsClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 1e-12;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-5 * scale, what + " cell " + i);
        }
    }

    @Test
    void gradCamLayerCamAndGradCamPlusPlusAtLayer4FollowFromTheHeadWeights() {
        // logit = fc · mean_ij(A) + b, so g_k(i, j) = fc_k / (h·w) everywhere: the maps are known in closed form.
        int n = 2;
        int height = 64;
        int width = 96;
        float[] slices = TestNets.uniform(n * height * width, 3);
        float[] fc = net.get("fc.weight");
        Taken t = take(slices, n, height, width, Stage.LAYER4);
        assertEquals(2 * 3, t.h * t.w);
        int cells = t.h * t.w;
        float[] grad = combine(t, n, (b, k, p) -> fc[k] / cells);
        float[] layer = combine(t, n, (b, k, p) -> Math.max(0, fc[k] / cells));
        float[] plus = combine(t, n, (b, k, p) -> {
            double g = (float) (fc[k] / cells);
            double sumA = 0;
            for (int q = 0; q < cells; q++) {
                sumA += t.a[(b * t.c + k) * cells + q];
            }
            double alpha = g == 0 ? 0 : g * g / (2 * g * g + sumA * g * g * g + 1e-6);
            return cells * alpha * Math.max(0, g);
        });
        assertMapsClose(
                grad, CamMethod.GRADCAM.create(net, Stage.LAYER4, 4).compute(slices, n, height, width), "gradcam");
        assertMapsClose(
                layer, CamMethod.LAYERCAM.create(net, Stage.LAYER4, 4).compute(slices, n, height, width), "layercam");
        assertMapsClose(
                plus, CamMethod.GRADCAMPP.create(net, Stage.LAYER4, 4).compute(slices, n, height, width), "gradcam++");
        assertTrue(Arrays.stream(box(layer)).anyMatch(v -> v > 0), "LayerCAM map is not all zero");
    }

    @Test
    void gradientMethodsCombineActivationsAndGradientsAsDefinedAtEveryLayer() {
        int n = 2;
        int height = 48;
        int width = 40;
        float[] slices = TestNets.uniform(n * height * width, 5);
        for (Stage layer : LAYERS) {
            Taken t = take(slices, n, height, width, layer);
            int cells = t.h * t.w;
            double[] meanG = new double[n * t.c];
            double[] sumA = new double[n * t.c];
            for (int i = 0; i < n * t.c; i++) {
                for (int p = 0; p < cells; p++) {
                    meanG[i] += t.g[i * cells + p] / (double) cells;
                    sumA[i] += t.a[i * cells + p];
                }
            }
            double[] plusW = new double[n * t.c];
            for (int i = 0; i < n * t.c; i++) {
                for (int p = 0; p < cells; p++) {
                    double g = t.g[i * cells + p];
                    double alpha = g == 0 ? 0 : g * g / (2 * g * g + sumA[i] * g * g * g + 1e-6);
                    plusW[i] += alpha * Math.max(0, g);
                }
            }
            float[] grad = combine(t, n, (b, k, p) -> meanG[b * t.c + k]);
            float[] layerCam = combine(t, n, (b, k, p) -> Math.max(0, t.g[(b * t.c + k) * cells + p]));
            float[] plus = combine(t, n, (b, k, p) -> plusW[b * t.c + k]);
            assertMapsClose(
                    grad,
                    CamMethod.GRADCAM.create(net, layer, 2).compute(slices, n, height, width),
                    "gradcam " + layer);
            assertMapsClose(
                    layerCam,
                    CamMethod.LAYERCAM.create(net, layer, 2).compute(slices, n, height, width),
                    "layercam " + layer);
            assertMapsClose(
                    plus,
                    CamMethod.GRADCAMPP.create(net, layer, 2).compute(slices, n, height, width),
                    "gradcam++ " + layer);
        }
    }

    @Test
    void scoreCamWeighsChannelsBySoftmaxOfMaskedInputLogits() {
        int height = 32;
        int width = 32;
        float[] slice = TestNets.uniform(height * width, 7);
        Taken t = take(slice, 1, height, width, Stage.LAYER2);
        int cells = t.h * t.w;
        double[] scores = new double[t.c];
        float[] masked = new float[t.c * height * width];
        {
            for (int k = 0; k < t.c; k++) {
                float[] mask = new float[height * width];
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < height; i++) {
                    for (int j = 0; j < width; j++) {
                        // Align-corners bilinear upsampling, written out.
                        double y = (double) i * (t.h - 1) / (height - 1);
                        double x = (double) j * (t.w - 1) / (width - 1);
                        int y0 = Math.min((int) y, t.h - 2);
                        int x0 = Math.min((int) x, t.w - 2);
                        double fy = y - y0;
                        double fx = x - x0;
                        int o = k * cells;
                        double v = (1 - fy) * ((1 - fx) * t.a[o + y0 * t.w + x0] + fx * t.a[o + y0 * t.w + x0 + 1])
                                + fy
                                        * ((1 - fx) * t.a[o + (y0 + 1) * t.w + x0]
                                                + fx * t.a[o + (y0 + 1) * t.w + x0 + 1]);
                        mask[i * width + j] = (float) v;
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
                for (int p = 0; p < height * width; p++) {
                    masked[k * height * width + p] = (float) ((mask[p] - min) / (max - min + 1e-8)) * slice[p];
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            float[] logits = net.forward(net.prepareInput(m.create(masked, new Shape(t.c, height, width))))
                    .toFloatArray();
            for (int k = 0; k < t.c; k++) {
                scores[k] = logits[k];
            }
        }
        double top = Arrays.stream(scores).max().orElseThrow();
        double z = Arrays.stream(scores).map(s -> Math.exp(s - top)).sum();
        float[] expected = combine(t, 1, (b, k, p) -> Math.exp(scores[k] - top) / z);
        assertMapsClose(
                expected,
                CamMethod.SCORECAM.create(net, Stage.LAYER2, 48).compute(slice, 1, height, width),
                "scorecam");
    }

    @Test
    void everyMethodRunsOnEveryLayerOnNonSquareSlicesAndBatchesIndependently() {
        int n = 3;
        int height = 32;
        int width = 40;
        float[] slices = TestNets.uniform(n * height * width, 9);
        int[][] shapes = {{8, 10}, {4, 5}, {2, 3}, {1, 2}};
        for (CamMethod method : CamMethod.values()) {
            for (int l = 0; l < LAYERS.length; l++) {
                // ScoreCAM's batch is of masked inputs (C per slice): a larger one keeps the test fast.
                boolean score = method == CamMethod.SCORECAM;
                ActivationCam cam = method.create(net, LAYERS[l], score ? 128 : 2);
                assertArrayEquals(shapes[l], cam.mapShape(height, width), method + " " + LAYERS[l]);
                // ScoreCAM costs C forward passes per slice and handles slices one by one: one slice suffices.
                int count = score ? 1 : n;
                float[] maps = cam.compute(slices, count, height, width);
                int cells = shapes[l][0] * shapes[l][1];
                assertEquals(count * cells, maps.length);
                for (float v : maps) {
                    assertTrue(Float.isFinite(v) && v >= 0, method + " " + LAYERS[l] + " gives " + v);
                }
                if (!score) {
                    // The last slice alone (another batch composition) gives the same map.
                    float[] alone = cam.compute(
                            Arrays.copyOfRange(slices, 2 * height * width, 3 * height * width), 1, height, width);
                    assertMapsClose(
                            alone, Arrays.copyOfRange(maps, 2 * cells, 3 * cells), method + " " + LAYERS[l] + " alone");
                }
            }
        }
    }

    @Test
    void computeRestoresTrainingMode() {
        net.setTraining(true);
        try {
            CamMethod.LAYERCAM.create(net, Stage.LAYER3, 1).compute(TestNets.uniform(32 * 32, 1), 1, 32, 32);
            assertTrue(net.isTraining());
        } finally {
            net.setTraining(false);
        }
    }

    private static double[] box(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
