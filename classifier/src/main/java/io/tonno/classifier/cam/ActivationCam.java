package io.tonno.classifier.cam;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.Stage;
import java.util.Arrays;

/**
 * The shared work of the CAM methods ({@code method.md} §7): run the network to a stage, take the
 * activation {@code A} {@code (N, C, h, w)} and, when the method needs it, the gradient
 * {@code g = ∂y/∂A} of the <b>raw logit</b> {@code y} (logit 0, no sigmoid); a subclass turns them into
 * weights {@code W} (broadcastable to {@code A}: {@code (N, C, 1, 1)} per channel or {@code (N, C, h, w)}
 * per cell), and the map is {@code cam = ReLU(Σ_k W_k ⊙ A_k)}, shape {@code (N, h, w)}.
 *
 * <p>Maps are <b>raw</b>: not min-max normalised and not upsampled. Normalisation is a separate, explicit
 * step ({@link MapNormalization}), because normalising before averaging across slices destroys their
 * relative scale ({@code method.md} §7).
 *
 * <p>Slices go in as {@code (count, height, width)} row-major float32 ({@code i} the row, {@code j} the
 * column), through {@link ResNet#prepareInput}, {@code batchSize} at a time; each batch's native memory
 * lives in its own {@link NDManager}. The network runs in eval mode (the previous mode is restored).
 * Gradients with respect to the batch are per slice because eval-mode batch norm and group norm never mix
 * slices. Not thread-safe: one network, one caller.
 */
public abstract class ActivationCam {
    private final CamMethod method;
    private final ResNet net;
    private final Stage layer;
    private final int batchSize;
    private int[] cachedSliceShape;
    private int[] cachedMapShape;

    /**
     * @param method    which method the subclass is
     * @param net       the network (its device is used; not closed by this object)
     * @param layer     {@link Stage#LAYER1} .. {@link Stage#LAYER4}
     * @param batchSize slices per forward pass, {@code >= 1}
     */
    protected ActivationCam(CamMethod method, ResNet net, Stage layer, int batchSize) {
        if (layer.ordinal() < Stage.LAYER1.ordinal() || layer.ordinal() > Stage.LAYER4.ordinal()) {
            throw new IllegalArgumentException("CAM layer must be LAYER1..LAYER4, got " + layer);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.method = method;
        this.net = net;
        this.layer = layer;
        this.batchSize = batchSize;
    }

    /** Which method this is. */
    public final CamMethod method() {
        return method;
    }

    public ResNet network() {
        return net;
    }

    public Stage layer() {
        return layer;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Whether {@link #weights} reads {@link Inputs#gradients()}; methods without gradients skip the backward pass. */
    protected boolean needsGradients() {
        return true;
    }

    /**
     * The weights {@code W} of {@code cam = ReLU(Σ_k W_k ⊙ A_k)}.
     *
     * @return an array broadcastable to the activation {@code (N, C, h, w)}, attached to the batch's manager
     */
    protected abstract NDArray weights(Inputs in);

    /**
     * What a method may use: the prepared input {@code (N, 3, H, W)}, the activation {@code A}
     * {@code (N, C, h, w)}, its gradient {@code g} (same shape; {@code null} when not
     * {@link #needsGradients()}), the network and layer, and the batch size for extra forward passes.
     */
    protected record Inputs(
            NDArray input, NDArray activations, NDArray gradients, ResNet net, Stage layer, int batchSize) {}

    /**
     * The map shape {@code {h, w}} at this layer for slices of {@code height×width}, found by running the
     * network on one zero slice (the stride arithmetic differs between architectures).
     */
    public int[] mapShape(int height, int width) {
        if (cachedSliceShape != null && cachedSliceShape[0] == height && cachedSliceShape[1] == width) {
            return cachedMapShape.clone();
        }
        try (NDManager m = NDManager.newBaseManager(net.device())) {
            NDArray x = net.prepareInput(m.zeros(new Shape(1, 1, height, width)));
            long[] s = forwardTo(x).getShape().getShape();
            cachedSliceShape = new int[] {height, width};
            cachedMapShape = new int[] {(int) s[2], (int) s[3]};
            return cachedMapShape.clone();
        }
    }

    /**
     * Raw CAMs of a batch of slices.
     *
     * @param slices {@code (count, height, width)} row-major; may be longer than needed
     * @return {@code (count, h, w)} row-major, {@code {h, w} = }{@link #mapShape(int, int)}
     */
    public float[] compute(float[] slices, int count, int height, int width) {
        int[] ms = mapShape(height, width);
        float[] out = new float[count * ms[0] * ms[1]];
        compute(slices, count, height, width, out);
        return out;
    }

    /**
     * Raw CAMs of a batch of slices into {@code maps} ({@code (count, h, w)} row-major, may be longer).
     */
    public void compute(float[] slices, int count, int height, int width, float[] maps) {
        int area = height * width;
        boolean wasTraining = net.isTraining();
        net.setTraining(false);
        try {
            for (int start = 0; start < count; start += batchSize) {
                int n = Math.min(batchSize, count - start);
                try (NDManager m = NDManager.newBaseManager(net.device())) {
                    float[] chunk = Arrays.copyOfRange(slices, start * area, (start + n) * area);
                    NDArray input = net.prepareInput(m.create(chunk, new Shape(n, 1, height, width)));
                    float[] cam = batch(input).toFloatArray();
                    System.arraycopy(cam, 0, maps, start * (cam.length / n), cam.length);
                }
            }
        } finally {
            net.setTraining(wasTraining);
        }
    }

    private NDArray batch(NDArray input) {
        NDArray a = forwardTo(input);
        NDArray g = null;
        if (needsGradients()) {
            a.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forwardFrom(layer, a);
                // Logit 0 of every slice; slices are independent, so the gradient of the sum is each one's own.
                gc.backward(logits.get(":, 0").sum());
            }
            g = a.getGradient().duplicate();
            a = a.stopGradient();
        }
        NDArray w = weights(new Inputs(input, a, g, net, layer, batchSize));
        return Activation.relu(w.mul(a).sum(new int[] {1}));
    }

    private NDArray forwardTo(NDArray input) {
        return net.forwardTo(input, layer);
    }
}
