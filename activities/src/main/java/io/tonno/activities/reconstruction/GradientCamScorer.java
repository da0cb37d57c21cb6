package io.tonno.activities.reconstruction;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.Stage;
import io.tonno.tomography.SliceMapScorer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Gradient-based class activation maps of the network's logit at one ResNet stage, as a
 * {@link SliceMapScorer} (method.md §8): with activations {@code A} {@code (N, C, h, w)} of stage
 * {@code layer} and {@code G = d logit / dA},
 * <ul>
 *   <li>{@code gradcam}: {@code ReLU(Σ_c mean_hw(G_c) A_c)};</li>
 *   <li>{@code layercam}: {@code ReLU(Σ_c ReLU(G_c) A_c)};</li>
 *   <li>{@code gradcampp}: {@code ReLU(Σ_c w_c A_c)}, {@code w_c = Σ_hw α ReLU(G_c)},
 *       {@code α = G² / (2G² + Σ_hw(A_c) G³)} (0 where the denominator is 0).</li>
 * </ul>
 * Maps are {@code h×w} cells of the stage's resolution ({@code ⌈H/4⌉} for layer 1 ... {@code ⌈H/32⌉}
 * for layer 4), one per slice, computed in eval mode; each batch's native memory is released before
 * the next. Not thread-safe.
 */
public final class GradientCamScorer implements SliceMapScorer {
    /** The CAM variants this scorer computes. */
    public enum Kind { GRADCAM, LAYERCAM, GRADCAMPP }

    private final ResNet net;
    private final Kind kind;
    private final Stage stage;
    private final int batchSize;
    private int[] cachedFor = {-1, -1};
    private int[] cachedShape;

    /**
     * @param net       the network (not closed by this scorer)
     * @param cam       {@code gradcam}, {@code layercam} or {@code gradcampp}
     * @param layer     ResNet stage 1..4
     * @param batchSize slices per forward/backward pass
     */
    public GradientCamScorer(ResNet net, String cam, int layer, int batchSize) {
        this.net = net;
        this.kind = Kind.valueOf(cam.toUpperCase(Locale.ROOT));
        if (layer < 1 || layer > 4) {
            throw new IllegalArgumentException("layer must be 1..4, got " + layer);
        }
        this.stage = Stage.values()[Stage.LAYER1.ordinal() + layer - 1];
        this.batchSize = batchSize;
    }

    /** Whether {@code cam} names a variant of this scorer. */
    public static boolean supports(String cam) {
        return Arrays.stream(Kind.values()).anyMatch(k -> k.name().equalsIgnoreCase(cam));
    }

    @Override
    public int[] mapShape(int height, int width) {
        if (cachedFor[0] != height || cachedFor[1] != width) {
            try (NDManager m = NDManager.newBaseManager(net.device())) {
                NDArray x = m.zeros(new Shape(1, 1, height, width));
                Shape s = net.forwardTo(net.prepareInput(x), stage).getShape();
                cachedShape = new int[] {(int) s.get(2), (int) s.get(3)};
                cachedFor = new int[] {height, width};
            }
        }
        return cachedShape.clone();
    }

    @Override
    public void score(float[] slices, int count, int height, int width, float[] maps) {
        int[] ms = mapShape(height, width);
        int cells = ms[0] * ms[1];
        int area = height * width;
        boolean wasTraining = net.isTraining();
        net.setTraining(false);
        try {
            for (int start = 0; start < count; start += batchSize) {
                int n = Math.min(batchSize, count - start);
                try (NDManager m = NDManager.newBaseManager(net.device())) {
                    NDArray x = m.create(Arrays.copyOfRange(slices, start * area, (start + n) * area),
                            new Shape(n, 1, height, width));
                    NDArray a = net.forwardTo(net.prepareInput(x), stage);
                    a.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(net.forwardFrom(stage, a).sum());
                    }
                    NDArray g = a.getGradient();
                    NDArray cam = combine(a.stopGradient(), g).maximum(0f);
                    System.arraycopy(cam.toFloatArray(), 0, maps, start * cells, n * cells);
                }
            }
        } finally {
            net.setTraining(wasTraining);
        }
    }

    private NDArray combine(NDArray a, NDArray g) {
        return switch (kind) {
            case GRADCAM -> a.mul(g.mean(new int[] {2, 3}, true)).sum(new int[] {1});
            case LAYERCAM -> a.mul(g.maximum(0f)).sum(new int[] {1});
            case GRADCAMPP -> {
                NDArray g2 = g.square();
                NDArray g3 = g2.mul(g);
                NDArray denom = g2.mul(2f).add(a.sum(new int[] {2, 3}, true).mul(g3));
                NDArray safe = denom.eq(0f).toType(denom.getDataType(), false).add(denom);
                NDArray alpha = g2.div(safe).mul(denom.neq(0f).toType(denom.getDataType(), false));
                NDArray w = alpha.mul(g.maximum(0f)).sum(new int[] {2, 3}, true);
                yield a.mul(w).sum(new int[] {1});
            }
        };
    }

    @Override
    public int preferredBatchSize() {
        return batchSize;
    }
}
