package io.tonno.classifier.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A timm ResNet (ResNet-10-T or ResNet-50) as explicit stages over DJL NDArrays, with every tensor held
 * under timm's state-dict name. All activations are NCHW float32.
 *
 * <p>The pass is split at {@link Stage}s so that CAM methods can take an activation and its gradient:
 * <pre>{@code
 * NDArray a = net.forwardTo(net.prepareInput(slices), Stage.LAYER4);   // (N, 512, h, w)
 * a.setRequiresGradient(true);
 * try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
 *     NDArray logits = net.forwardFrom(Stage.LAYER4, a);                 // (N, 1)
 *     gc.backward(logits.sum());
 * }
 * NDArray grad = a.getGradient();                                        // (N, 512, h, w)
 * }</pre>
 *
 * <p>Intermediate arrays are attached to the manager of the array passed in, so callers bound native
 * memory by creating inputs in a per-batch {@link NDManager}. The parameters live in this network's
 * own manager until {@link #close()}. Not thread-safe.
 */
public final class ResNet implements AutoCloseable {
    private static final float EPS = 1e-5f;
    /** DJL's batch-norm momentum is the weight of the old running value: PyTorch's 0.1 is DJL's 0.9. */
    private static final float DJL_BN_MOMENTUM = 0.9f;

    private final ResNetLayout layout;
    private final InputNormalization inputNormalization;
    private final NDManager manager;
    private final Map<String, ParameterSpec> specs = new LinkedHashMap<>();
    private final Map<String, NDArray> tensors = new LinkedHashMap<>();
    private boolean training;
    private boolean gradients;

    /**
     * Creates a network whose tensors take the given values.
     *
     * @param values one array per {@link ResNetLayout#parameters()} name, row-major in PyTorch's shape
     */
    public ResNet(
            ResNetLayout layout, InputNormalization inputNormalization, Device device, Map<String, float[]> values) {
        this.layout = layout;
        this.inputNormalization = inputNormalization;
        Engines.verifyConvolution();
        this.manager = NDManager.newBaseManager(device);
        EngineCopy staging = new EngineCopy(layout.parameters().stream()
                .mapToLong(ParameterSpec::size)
                .max()
                .orElse(1));
        for (ParameterSpec p : layout.parameters()) {
            float[] v = values.get(p.name());
            if (v == null || v.length != p.size()) {
                manager.close();
                throw new IllegalArgumentException("missing or mis-sized tensor " + p);
            }
            specs.put(p.name(), p);
            tensors.put(p.name(), staging.of(manager, v, new Shape(p.shape())));
        }
    }

    public ResNetLayout layout() {
        return layout;
    }

    public InputNormalization inputNormalization() {
        return inputNormalization;
    }

    public Device device() {
        return manager.getDevice();
    }

    /**
     * Training mode: batch norm uses batch statistics and updates its running statistics in place.
     * Frozen batch norm and group norm behave the same in both modes.
     */
    public void setTraining(boolean training) {
        this.training = training;
    }

    public boolean isTraining() {
        return training;
    }

    /**
     * Marks the trainable tensors (see {@link ResNetLayout#isTrainable}) as requiring gradients, so that a
     * {@code GradientCollector} fills {@link NDArray#getGradient()} for them. Tensors replaced by
     * {@link #set} keep the mark.
     */
    public void setParameterGradients(boolean enabled) {
        this.gradients = enabled;
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            if (layout.isTrainable(specs.get(e.getKey()))) {
                e.getValue().setRequiresGradient(enabled);
            }
        }
    }

    /** The trainable tensors' specs in state-dict order. */
    public List<ParameterSpec> trainable() {
        List<ParameterSpec> out = new ArrayList<>();
        for (ParameterSpec p : specs.values()) {
            if (layout.isTrainable(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The live tensor for a timm name (owned by this network: do not close). */
    public NDArray tensor(String name) {
        NDArray t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named " + name);
        }
        return t;
    }

    /** A copy of one tensor's values, row-major. */
    public float[] get(String name) {
        return tensor(name).toFloatArray();
    }

    /**
     * Replaces one tensor's values. The old native tensor (and any gradient on it) is released; the new
     * one requires gradients if {@link #setParameterGradients} enabled them and it is trainable.
     */
    public void set(String name, float[] values) {
        ParameterSpec p = specs.get(name);
        if (p == null || values.length != p.size()) {
            throw new IllegalArgumentException("cannot set " + name + " from " + values.length + " values");
        }
        NDArray fresh = new EngineCopy().of(manager, values, new Shape(p.shape()));
        if (gradients && layout.isTrainable(p)) {
            fresh.setRequiresGradient(true);
        }
        tensors.put(name, fresh).close();
    }

    /** Copies of all tensors (parameters and running statistics) in state-dict order. */
    public Map<String, float[]> stateDict() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String name : tensors.keySet()) {
            out.put(name, get(name));
        }
        return out;
    }

    /**
     * Turns slices into network input: {@code (N, H, W)} or {@code (N, 1, H, W)} float32 becomes
     * {@code (N, 3, H, W)} (channel repeated), then {@link InputNormalization} is applied.
     */
    public NDArray prepareInput(NDArray slices) {
        Shape s = slices.getShape();
        NDArray x = s.dimension() == 3 ? slices.expandDims(1) : slices;
        if (x.getShape().dimension() != 4 || x.getShape().get(1) != 1) {
            throw new IllegalArgumentException("slices must be (N, H, W) or (N, 1, H, W), got " + s);
        }
        x = x.toType(DataType.FLOAT32, false).repeat(1, 3);
        if (inputNormalization == InputNormalization.IMAGENET) {
            NDManager m = x.getManager();
            NDArray mean = m.create(InputNormalization.MEAN, new Shape(1, 3, 1, 1));
            NDArray std = m.create(InputNormalization.STD, new Shape(1, 3, 1, 1));
            x = x.sub(mean).div(std);
        }
        return x;
    }

    /** Full pass: prepared input {@code (N, 3, H, W)} to logits {@code (N, numClasses)}. */
    public NDArray forward(NDArray input) {
        return forwardFrom(Stage.INPUT, input);
    }

    /** Runs from the prepared input {@code (N, 3, H, W)} up to and including {@code stage}. */
    public NDArray forwardTo(NDArray input, Stage stage) {
        return run(Stage.INPUT, stage, input);
    }

    /** Runs the stages after {@code stage} on its activation, to the logits {@code (N, numClasses)}. */
    public NDArray forwardFrom(Stage stage, NDArray activation) {
        return run(stage, Stage.HEAD, activation);
    }

    /** Applies the stages strictly after {@code from} up to and including {@code to}. */
    private NDArray run(Stage from, Stage to, NDArray x) {
        for (Stage s = next(from); s != null && s.ordinal() <= to.ordinal(); s = next(s)) {
            x = apply(s, x);
        }
        return x;
    }

    private static Stage next(Stage s) {
        Stage[] all = Stage.values();
        return s.ordinal() + 1 < all.length ? all[s.ordinal() + 1] : null;
    }

    private NDArray apply(Stage s, NDArray x) {
        switch (s) {
            case STEM:
                return stem(x);
            case LAYER1:
            case LAYER2:
            case LAYER3:
            case LAYER4:
                String prefix = "layer" + (s.ordinal() - Stage.LAYER1.ordinal() + 1) + ".";
                for (ResNetLayout.Block b : layout.blocks()) {
                    if (b.prefix().startsWith(prefix)) {
                        x = block(b, x);
                    }
                }
                return x;
            case HEAD:
                NDArray pooled = Pool.globalAvgPool2d(x);
                return Linear.linear(pooled, tensor("fc.weight"), tensor("fc.bias"))
                        .singletonOrThrow();
            default:
                throw new IllegalStateException("no computation for " + s);
        }
    }

    private NDArray stem(NDArray x) {
        if (layout.architecture().tieredStem()) {
            x = Activation.relu(
                    norm("conv1.1", conv("conv1.0", x, layout.architecture().stemStride(), 1)));
            x = Activation.relu(norm("conv1.4", conv("conv1.3", x, 1, 1)));
            x = conv("conv1.6", x, 1, 1);
        } else {
            x = conv("conv1", x, 2, 3);
        }
        x = Activation.relu(norm("bn1", x));
        return Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
    }

    private NDArray block(ResNetLayout.Block b, NDArray x) {
        String p = b.prefix() + ".";
        NDArray y;
        if (b.bottleneck()) {
            y = Activation.relu(norm(p + "bn1", conv(p + "conv1", x, 1, 0)));
            y = Activation.relu(norm(p + "bn2", conv(p + "conv2", y, b.stride(), 1)));
            y = norm(p + "bn3", conv(p + "conv3", y, 1, 0));
        } else {
            y = Activation.relu(norm(p + "bn1", conv(p + "conv1", x, b.stride(), 1)));
            y = norm(p + "bn2", conv(p + "conv2", y, 1, 1));
        }
        NDArray shortcut = switch (b.downsample()) {
            case NONE -> x;
            case CONV -> norm(p + "downsample.1", conv(p + "downsample.0", x, b.stride(), 0));
            case AVG -> {
                NDArray pooled = b.stride() == 1
                        ? x
                        : Pool.avgPool2d(
                                x, new Shape(2, 2), new Shape(b.stride(), b.stride()), new Shape(0, 0), true, false);
                yield norm(p + "downsample.2", conv(p + "downsample.1", pooled, 1, 0));
            }
        };
        return Activation.relu(y.add(shortcut));
    }

    private NDArray conv(String name, NDArray x, int stride, int pad) {
        return Conv2d.conv2d(
                        x,
                        tensor(name + ".weight"),
                        null,
                        new Shape(stride, stride),
                        new Shape(pad, pad),
                        new Shape(1, 1),
                        1)
                .singletonOrThrow();
    }

    private NDArray norm(String name, NDArray x) {
        NDArray w = tensor(name + ".weight");
        NDArray b = tensor(name + ".bias");
        NormKind kind = layout.norm();
        if (kind == NormKind.GN) {
            return groupNorm(x, w, b);
        }
        boolean batchStats = training && kind == NormKind.BN;
        return BatchNorm.batchNorm(
                        x,
                        tensor(name + ".running_mean"),
                        tensor(name + ".running_var"),
                        w,
                        b,
                        1,
                        DJL_BN_MOMENTUM,
                        EPS,
                        batchStats)
                .singletonOrThrow();
    }

    /**
     * Group norm over {@code (N, C, H, W)}: statistics per sample and group of {@code C/G} channels, biased
     * variance, {@code (x - mean) / sqrt(var + eps)}, then the per-channel affine. The normalisation is libtorch's
     * fused layer norm over the {@code (N, G, C/G·H·W)} view (one pass forward, one backward, no intermediate
     * arrays), which is what {@code torch.nn.GroupNorm} computes; written as mean, subtract, square, divide it made
     * a group-norm network 2.4× slower to train than the same network with batch norm.
     */
    static NDArray groupNorm(NDArray x, NDArray w, NDArray b) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        int g = NormKind.groups((int) c);
        long k = s.size() / (n * g);
        NDManager pass = x.getManager();
        Shape row = new Shape(k);
        NDArray normed = LayerNorm.layerNorm(
                        x.reshape(n, g, k),
                        row,
                        pass.ones(row, x.getDataType(), x.getDevice()),
                        pass.zeros(row, x.getDataType(), x.getDevice()),
                        EPS)
                .singletonOrThrow()
                .reshape(s);
        // Views of the parameters belong to this pass's manager, not the network's: otherwise every pass
        // would leave two arrays (and their autograd nodes) in the network's manager until it is closed.
        NDArray wv = w.reshape(1, c, 1, 1);
        NDArray bv = b.reshape(1, c, 1, 1);
        wv.attach(pass);
        bv.attach(pass);
        return normed.mul(wv).add(bv);
    }

    /**
     * Arrays held by this network's own manager: its tensors, nothing else. A forward or backward pass that
     * left an array here would grow native memory with every batch; tests check that this stays at
     * {@code layout().parameters().size()}.
     */
    public int ownedArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
