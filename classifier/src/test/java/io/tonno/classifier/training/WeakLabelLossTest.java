package io.tonno.classifier.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The multiple-instance losses against values computed by hand (in double precision, independently of the engine). */
class WeakLabelLossTest {
    // Two volumes of three slices: volume 0 positive (one slice sees the lesion), volume 1 negative.
    private static final float[] Z = {-2f, 3f, -1f, -0.5f, 0.25f, -4f};
    private static final float[] Y = {1, 1, 1, 0, 0, 0};

    private static double loss(WeakLabelLoss.Kind kind, double r, float[] z, float[] y, int m) {
        try (NDManager nd = NDManager.newBaseManager(Device.cpu())) {
            return new WeakLabelLoss(kind, r)
                    .apply(nd.create(z, new Shape(z.length, 1)), nd.create(y, new Shape(y.length, 1)), m)
                    .getFloat();
        }
    }

    private static double softplus(double z) {
        return Math.log1p(Math.exp(z));
    }

    private static double bce(double z, double y) {
        return y * softplus(-z) + (1 - y) * softplus(z);
    }

    @Test
    void logSumExpPoolingEqualsTheHandValue() {
        double r = 5;
        double z0 = Math.log((Math.exp(r * -2) + Math.exp(r * 3) + Math.exp(r * -1)) / 3) / r;
        double z1 = Math.log((Math.exp(r * -0.5) + Math.exp(r * 0.25) + Math.exp(r * -4)) / 3) / r;
        double expected = (bce(z0, 1) + bce(z1, 0)) / 2;
        assertEquals(expected, loss(WeakLabelLoss.Kind.LSE, r, Z, Y, 3), 1e-5);
        // The pooled positive logit is near the maximum 3 (minus log(3)/r).
        assertTrue(z0 > 2.7 && z0 < 3, "pooled " + z0);
    }

    @Test
    void noisyOrEqualsTheHandValue() {
        double p0 = 1 - (1 - sigmoid(-2)) * (1 - sigmoid(3)) * (1 - sigmoid(-1));
        double p1 = 1 - (1 - sigmoid(-0.5)) * (1 - sigmoid(0.25)) * (1 - sigmoid(-4));
        double expected = (-Math.log(p0) - Math.log(1 - p1)) / 2;
        assertEquals(expected, loss(WeakLabelLoss.Kind.NOISY_OR, 5, Z, Y, 3), 1e-5);
    }

    @Test
    void noisyOrIsAccurateWhenEverySliceIsConfidentlyNegative() {
        float[] z = {-12f, -14f};
        double p = 1 - (1 - sigmoid(-12)) * (1 - sigmoid(-14));
        assertEquals(-Math.log(p), loss(WeakLabelLoss.Kind.NOISY_OR, 5, z, new float[] {1, 1}, 2), 1e-3 * -Math.log(p));
    }

    @Test
    void paperLossIsTheMeanPerSliceCrossEntropy() {
        double expected = 0;
        for (int k = 0; k < Z.length; k++) {
            expected += bce(Z[k], Y[k]);
        }
        assertEquals(expected / Z.length, loss(WeakLabelLoss.Kind.SLICE, 5, Z, Y, 3), 1e-5);
    }

    @Test
    void withOneSlicePerVolumeEveryPoolingEqualsThePapersLoss() {
        double paper = loss(WeakLabelLoss.Kind.SLICE, 5, Z, Y, 1);
        assertEquals(paper, loss(WeakLabelLoss.Kind.LSE, 5, Z, Y, 1), 1e-6);
        assertEquals(paper, loss(WeakLabelLoss.Kind.LSE, 0.3, Z, Y, 1), 1e-6);
        assertEquals(paper, loss(WeakLabelLoss.Kind.NOISY_OR, 5, Z, Y, 1), 1e-6);
    }

    @Test
    void logSumExpGradientGoesMostlyToTheHighestSliceOfAPositiveVolume() {
        try (NDManager nd = NDManager.newBaseManager(Device.cpu())) {
            NDArray z = nd.create(new float[] {-2f, 3f, -1f}, new Shape(3, 1));
            z.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray l = new WeakLabelLoss(WeakLabelLoss.Kind.LSE, 5)
                        .apply(z, nd.create(new float[] {1, 1, 1}, new Shape(3, 1)), 3);
                gc.backward(l);
            }
            float[] g = z.getGradient().toFloatArray();
            // d/dz_m = (σ(Z) - 1) · softmax(r z)_m
            double r = 5;
            double den = Math.exp(r * -2) + Math.exp(r * 3) + Math.exp(r * -1);
            double pooled = Math.log(den / 3) / r;
            double[] zs = {-2, 3, -1};
            for (int m = 0; m < 3; m++) {
                assertEquals((sigmoid(pooled) - 1) * Math.exp(r * zs[m]) / den, g[m], 1e-6);
            }
        }
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
