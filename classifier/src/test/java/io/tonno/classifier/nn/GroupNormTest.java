package io.tonno.classifier.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.tonno.classifier.sampling.Xoshiro256;
import org.junit.jupiter.api.Test;

/** The fused group norm of {@link ResNet} against the definition, forward in double precision and backward. */
class GroupNormTest {
    private static final int N = 2;
    private static final int C = 24; // 8 groups of 3 channels
    private static final int H = 6;
    private static final int W = 5;

    private static float[] noise(int n, long seed, double scale, double offset) {
        Xoshiro256 r = new Xoshiro256(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (offset + scale * r.nextGaussian());
        }
        return x;
    }

    @Test
    void forwardIsTheDefinitionPerSampleAndGroup() {
        float[] x = noise(N * C * H * W, 1, 3.0, 2.0);
        float[] w = noise(C, 2, 1.0, 1.0);
        float[] b = noise(C, 3, 1.0, 0.0);
        float[] y;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            y = ResNet.groupNorm(m.create(x, new Shape(N, C, H, W)), m.create(w), m.create(b))
                    .toFloatArray();
        }
        int groups = NormKind.groups(C);
        assertEquals(8, groups);
        int perGroup = C / groups * H * W;
        double worst = 0;
        for (int n = 0; n < N; n++) {
            for (int g = 0; g < groups; g++) {
                int base = (n * groups + g) * perGroup;
                double mean = 0;
                for (int i = 0; i < perGroup; i++) {
                    mean += x[base + i];
                }
                mean /= perGroup;
                double var = 0;
                for (int i = 0; i < perGroup; i++) {
                    var += (x[base + i] - mean) * (x[base + i] - mean);
                }
                var /= perGroup;
                for (int i = 0; i < perGroup; i++) {
                    int channel = (base + i) / (H * W) % C;
                    double expected = (x[base + i] - mean) / Math.sqrt(var + 1e-5) * w[channel] + b[channel];
                    worst = Math.max(worst, Math.abs(expected - y[base + i]));
                }
            }
        }
        assertTrue(worst < 2e-5, "max abs difference from the definition " + worst);
    }

    @Test
    void gradientsEqualThoseOfTheComposedDefinition() {
        float[] x = noise(N * C * H * W, 4, 2.0, -1.0);
        float[] w = noise(C, 5, 1.0, 1.0);
        float[] b = noise(C, 6, 1.0, 0.0);
        float[] r = noise(N * C * H * W, 7, 1.0, 0.0);
        float[][] fused = gradients(x, w, b, r, true);
        float[][] composed = gradients(x, w, b, r, false);
        String[] names = {"x", "weight", "bias"};
        for (int t = 0; t < 3; t++) {
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < fused[t].length; i++) {
                scale = Math.max(scale, Math.abs(composed[t][i]));
                worst = Math.max(worst, Math.abs(fused[t][i] - composed[t][i]));
            }
            assertTrue(scale > 1e-3, names[t] + ": gradient is zero");
            assertTrue(worst <= 1e-4 * scale, names[t] + ": max abs diff " + worst + " of " + scale);
        }
    }

    /** Gradients of {@code sum(groupNorm(x) * r)} with respect to x, weight and bias. */
    private static float[][] gradients(float[] x, float[] w, float[] b, float[] r, boolean fused) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray xa = m.create(x, new Shape(N, C, H, W));
            NDArray wa = m.create(w);
            NDArray ba = m.create(b);
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            ba.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = fused ? ResNet.groupNorm(xa, wa, ba) : composed(xa, wa, ba);
                gc.backward(y.mul(m.create(r, new Shape(N, C, H, W))).sum());
            }
            return new float[][] {
                xa.getGradient().toFloatArray(),
                wa.getGradient().toFloatArray(),
                ba.getGradient().toFloatArray()
            };
        }
    }

    private static NDArray composed(NDArray x, NDArray w, NDArray b) {
        int groups = NormKind.groups(C);
        NDArray grouped = x.reshape(N, groups, -1);
        NDArray centered = grouped.sub(grouped.mean(new int[] {2}, true));
        NDArray var = centered.square().mean(new int[] {2}, true);
        NDArray normed = centered.div(var.add(1e-5f).sqrt()).reshape(N, C, H, W);
        return normed.mul(w.reshape(1, C, 1, 1)).add(b.reshape(1, C, 1, 1));
    }
}
