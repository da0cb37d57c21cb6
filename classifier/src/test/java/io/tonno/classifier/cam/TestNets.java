package io.tonno.classifier.cam;

import ai.djl.Device;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.sampling.Xoshiro256;
import java.util.Map;

/** Small random networks and inputs for CAM tests. */
final class TestNets {
    private TestNets() {}

    /**
     * A random ResNet-10-T with group norm whose zero-initialised residual norms (timm's
     * {@code zero_init_last}) get random weights, so that every branch shapes the maps.
     */
    static ResNet resnet10t(long seed) {
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, NormKind.GN, 1);
        Map<String, float[]> w = ResNetInit.random(layout, seed);
        Xoshiro256 rng = new Xoshiro256(seed + 100);
        for (Map.Entry<String, float[]> e : w.entrySet()) {
            float[] v = e.getValue();
            boolean allZero = true;
            for (float x : v) {
                allZero &= x == 0;
            }
            if (allZero && e.getKey().endsWith(".weight")) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (0.5 + 0.2 * rng.nextGaussian());
                }
            }
        }
        return new ResNet(layout, InputNormalization.NONE, Device.cpu(), w);
    }

    /** {@code n} values, uniform in [0, 1) (like intensity-normalised slices). */
    static float[] uniform(int n, long seed) {
        Xoshiro256 r = new Xoshiro256(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble();
        }
        return x;
    }
}
