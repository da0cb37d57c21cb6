package io.tonno.classifier.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.sampling.Xoshiro256;
import org.junit.jupiter.api.Test;

class ModelSliceScorerTest {
    @Test
    void scoresEqualOneFullForwardPassWhateverTheBatchSize() {
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, NormKind.FROZEN_BN, 1);
        Xoshiro256 r = new Xoshiro256(1);
        float[] slices = new float[7 * 32 * 32];
        for (int i = 0; i < slices.length; i++) {
            slices[i] = (float) r.nextDouble();
        }
        try (ResNet net = new ResNet(layout, InputNormalization.IMAGENET, Device.cpu(), ResNetInit.random(layout, 2));
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            float[] full = net.forward(net.prepareInput(m.create(slices, new Shape(7, 32, 32))))
                    .toFloatArray();
            for (int batch : new int[] {1, 3, 7, 100}) {
                ModelSliceScorer s = new ModelSliceScorer(net, batch, false);
                double[] scores = new double[7];
                s.score(slices, 7, 32, 32, scores);
                for (int i = 0; i < 7; i++) {
                    assertEquals(full[i], scores[i], 1e-5, "batch " + batch + " slice " + i);
                }
                assertEquals(batch, s.preferredBatchSize());
            }
        }
    }

    @Test
    void devicesParseCpuAndGpuSettings() {
        assertEquals(Device.cpu(), Devices.parse("cpu"));
        assertEquals(Device.gpu(0), Devices.parse("gpu"));
        assertEquals(Device.gpu(1), Devices.parse("GPU:1"));
        assertThrows(IllegalArgumentException.class, () -> Devices.parse("gpu:x"));
        assertArrayEquals(new int[0], new int[0]);
    }
}
