package io.tonno.classifier.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tonno.classifier.nn.ResNet;
import io.tonno.imaging.Volume;
import io.tonno.tomography.PlaneBatch;
import io.tonno.tomography.PlaneScorer;

/**
 * Scores slices with a network's logit ({@code method.md} §6: the {@code p_m} of ToNNO). Runs in eval
 * mode without gradients, {@code batchSize} slices at a time; each batch's native memory lives in its
 * own {@link NDManager} and is released before the next. Not thread-safe (one network, one caller).
 *
 * <p>With {@link Slicing#DEVICE} it also cuts the slices itself on the network's device ({@link PlaneScorer},
 * {@link DeviceSlicer}): the reconstruction hands it plane geometry and no pixel crosses the bus; on the CPU the
 * scores equal those of host slicing bit for bit.
 */
public final class ModelSliceScorer implements PlaneScorer, AutoCloseable {
    private final ResNet net;
    private final int batchSize;
    private final boolean ownsNetwork;
    private final boolean deviceSlicing;
    private final HostInput input = new HostInput();

    /**
     * A scorer of host slices.
     *
     * @param net         the network (its device is used)
     * @param batchSize   slices per forward pass, >= 1
     * @param ownsNetwork close the network with this scorer
     */
    public ModelSliceScorer(ResNet net, int batchSize, boolean ownsNetwork) {
        this(net, batchSize, ownsNetwork, Slicing.HOST);
    }

    /**
     * @param net         the network (its device is used)
     * @param batchSize   slices per forward pass, >= 1
     * @param ownsNetwork close the network with this scorer
     * @param slicing     where the reconstruction's slices are cut (resolved for the network's device)
     */
    public ModelSliceScorer(ResNet net, int batchSize, boolean ownsNetwork, Slicing slicing) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.net = net;
        this.batchSize = batchSize;
        this.ownsNetwork = ownsNetwork;
        this.deviceSlicing = slicing.on(net.device()) == Slicing.DEVICE;
    }

    public ResNet network() {
        return net;
    }

    @Override
    public void score(float[] slices, int count, int height, int width, double[] scores) {
        int area = height * width;
        try (NDManager m = NDManager.newBaseManager(net.device())) {
            forwardInBatches(
                    m,
                    count,
                    (b, start, n) -> input.wrap(b, slices, start * area, n * area, new Shape(n, 1, height, width)),
                    scores);
        }
    }

    /** The slices {@code start .. start+n-1} of a call, as an array of {@code batch}. */
    private interface BatchInput {
        NDArray get(NDManager batch, int start, int n);
    }

    /**
     * Runs the network in eval mode on {@code count} slices, {@link #batchSize} at a time, each batch's arrays in its
     * own sub-manager of {@code m} closed before the next; logits into {@code scores[0 .. count-1]}.
     */
    private void forwardInBatches(NDManager m, int count, BatchInput slices, double[] scores) {
        boolean wasTraining = net.isTraining();
        net.setTraining(false);
        try {
            for (int start = 0; start < count; start += batchSize) {
                int n = Math.min(batchSize, count - start);
                try (NDManager b = m.newSubManager()) {
                    float[] logits = net.forward(net.prepareInput(slices.get(b, start, n)))
                            .toFloatArray();
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
    public boolean cutsSlices(Volume volume) {
        return deviceSlicing && DeviceSlicer.supports(volume);
    }

    @Override
    public Session open(Volume volume) {
        NDManager home = NDManager.newBaseManager(net.device());
        DeviceSlicer slicer = new DeviceSlicer(home, volume);
        return new Session() {
            @Override
            public void score(PlaneBatch planes, int height, int width, double[] scores) {
                try (NDManager m = NDManager.newBaseManager(net.device())) {
                    NDArray all = slicer.slices(m, planes, height, width);
                    forwardInBatches(
                            m,
                            planes.count(),
                            (b, start, n) -> {
                                NDArray x = all.get(start + ":" + (start + n));
                                x.attach(b);
                                return x;
                            },
                            scores);
                }
            }

            @Override
            public void close() {
                slicer.close();
                home.close();
            }
        };
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
