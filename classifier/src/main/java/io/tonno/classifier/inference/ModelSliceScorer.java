package io.tonno.classifier.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tonno.classifier.nn.ResNet;
import io.tonno.tomography.SliceScorer;

/**
 * Scores slices with a network's logit ({@code method.md} §6: the {@code p_m} of ToNNO). Runs in eval
 * mode without gradients, {@code batchSize} slices at a time; each batch's native memory lives in its
 * own {@link NDManager} and is released before the next. Not thread-safe (one network, one caller).
 */
public final class ModelSliceScorer implements SliceScorer, AutoCloseable {
    private final ResNet net;
    private final int batchSize;
    private final boolean ownsNetwork;
    private final HostInput input = new HostInput();

    /**
     * @param net         the network (its device is used)
     * @param batchSize   slices per forward pass, >= 1
     * @param ownsNetwork close the network with this scorer
     */
    public ModelSliceScorer(ResNet net, int batchSize, boolean ownsNetwork) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.net = net;
        this.batchSize = batchSize;
        this.ownsNetwork = ownsNetwork;
    }

    public ResNet network() {
        return net;
    }

    @Override
    public void score(float[] slices, int count, int height, int width, double[] scores) {
        boolean wasTraining = net.isTraining();
        net.setTraining(false);
        try {
            int area = height * width;
            for (int start = 0; start < count; start += batchSize) {
                int n = Math.min(batchSize, count - start);
                try (NDManager m = NDManager.newBaseManager(net.device())) {
                    NDArray x = input.wrap(m, slices, start * area, n * area, new Shape(n, 1, height, width));
                    float[] logits = net.forward(net.prepareInput(x)).toFloatArray();
                    for (int i = 0; i < n; i++) {
                        scores[start + i] = logits[i];
                    }
                }
            }
        } finally {
            net.setTraining(wasTraining);
        }
    }

    @Override
    public int preferredBatchSize() {
        return batchSize;
    }

    @Override
    public void close() {
        if (ownsNetwork) {
            net.close();
        }
    }
}
