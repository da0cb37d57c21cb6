package io.tonno.classifier.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tonno.classifier.nn.EngineCopy;
import io.tonno.classifier.nn.ResNet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exponential moving average of a network's tensors (every parameter and batch-norm running statistic, float32,
 * on the network's device): after step {@code t} (0-based) {@code a ← d_t·a + (1 − d_t)·w} with {@code d_t = min(d,
 * (1 + t)/(10 + t))}, the warm-up that keeps the first steps' weights from dominating (timm's {@code ModelEmaV3}).
 * Each update is two in-place float32 operations per tensor, in a fixed order, so a resumed run continues the same
 * average bit for bit ({@link Checkpoint} stores it). Not thread-safe.
 */
final class WeightAverage implements AutoCloseable {
    private final double decay;
    private final NDManager memory;
    private final Map<String, NDArray> average = new LinkedHashMap<>();
    private final Map<String, NDArray> weights = new LinkedHashMap<>();

    /**
     * @param net      the network whose tensors are averaged (its live tensors are read after every step)
     * @param names    the tensors to average, in state-dict order
     * @param decay    {@code d} in (0, 1)
     * @param restored the average of a checkpoint, or {@code null} to start from the network's current values
     */
    WeightAverage(ResNet net, List<String> names, double decay, Map<String, float[]> restored) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("the average's decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.memory = NDManager.newBaseManager(net.device());
        EngineCopy copy = new EngineCopy();
        for (String name : names) {
            NDArray w = net.tensor(name);
            weights.put(name, w);
            float[] start = restored != null ? restored.get(name) : w.toFloatArray();
            if (start == null || start.length != w.size()) {
                throw new IllegalArgumentException(
                        "the checkpoint's weight average has no tensor " + name + " of " + w.size() + " values");
            }
            average.put(name, copy.of(memory, start, w.getShape()));
        }
    }

    /** {@code d_t} of step {@code t} (0-based). */
    static double decayAt(double decay, long step) {
        return Math.min(decay, (1.0 + step) / (10.0 + step));
    }

    /** Folds the network's current tensors into the average, after step {@code t} (0-based). */
    void update(long step) {
        double d = decayAt(decay, step);
        float keep = (float) d;
        float take = (float) (1 - d);
        try (NDManager m = memory.newSubManager()) {
            for (Map.Entry<String, NDArray> e : average.entrySet()) {
                NDArray w = weights.get(e.getKey());
                // A new array in the network's manager: moved at once into this update's.
                NDArray part = w.mul(take);
                part.attach(m);
                e.getValue().muli(keep).addi(part);
            }
        }
    }

    /** Copies of the averaged tensors, by name. */
    Map<String, float[]> values() {
        Map<String, float[]> out = new LinkedHashMap<>();
        average.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    @Override
    public void close() {
        memory.close();
    }
}
