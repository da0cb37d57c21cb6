package io.tonno.classifier.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tonno.classifier.training.AdamW;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Long-lived tensors live in engine memory, not in direct buffers that only a full GC frees (issue 20). */
class EngineCopyTest {
    @Test
    void aTensorKeepsItsValuesWhenTheStagingBufferIsReused() {
        EngineCopy staging = new EngineCopy();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray a = staging.of(m, new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray b = staging.of(m, new float[] {7, 8, 9, 10, 11, 12}, new Shape(3, 2));
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, a.toFloatArray());
            assertArrayEquals(new float[] {7, 8, 9, 10, 11, 12}, b.toFloatArray());
            assertTrue(a.getShape().equals(new Shape(2, 3)) && b.getShape().equals(new Shape(3, 2)));
        }
    }

    /**
     * A checkpoint resume (a network built from weights, AdamW moments restored) leaves at most the two
     * staging buffers in direct memory; before, every tensor's copy stayed there (about 3 × the weights,
     * 60 MB for ResNet-10-T) until a full garbage collection.
     */
    @Test
    void aResumedNetworkAndItsMomentsHoldNoDirectBuffers() {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> "direct".equals(b.getName()))
                .findFirst()
                .orElseThrow();
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, NormKind.GN, 1);
        Map<String, float[]> weights = ResNetInit.random(layout, 3);
        long total = 0;
        long largest = 0;
        for (float[] w : weights.values()) {
            total += 4L * w.length;
            largest = Math.max(largest, 4L * w.length);
        }
        new ResNet(layout, InputNormalization.NONE, Device.cpu(), weights).close(); // the engine's one-time self-check
        long before = direct.getMemoryUsed();
        try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), weights);
                NDManager om = NDManager.newBaseManager(Device.cpu());
                AdamW adam = new AdamW(0.05, om)) {
            Map<String, float[]> first = new LinkedHashMap<>();
            Map<String, float[]> second = new LinkedHashMap<>();
            for (var p : net.trainable()) {
                adam.register(p.name(), net.tensor(p.name()), true);
                first.put(p.name(), weights.get(p.name()));
                second.put(p.name(), weights.get(p.name()));
            }
            adam.restore(10, first, second);
            long grown = direct.getMemoryUsed() - before;
            assertTrue(
                    grown <= 2 * largest + (1 << 16),
                    "direct memory grew by " + grown + " bytes for " + total + " bytes of weights (largest tensor "
                            + largest + ")");
            String name = net.trainable().get(0).name();
            assertArrayEquals(weights.get(name), net.get(name));
            assertArrayEquals(weights.get(name), adam.secondMoment(name));
        }
    }
}
