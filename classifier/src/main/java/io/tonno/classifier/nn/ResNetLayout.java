package io.tonno.classifier.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The structure of a timm ResNet as data: its residual blocks and every named tensor, in timm's
 * state-dict order. {@link ResNet} runs it; the weights loader checks files against it.
 */
public final class ResNetLayout {
    /** How a block's shortcut changes shape. */
    public enum Downsample {
        /** Identity shortcut. */
        NONE,
        /** timm {@code downsample_conv}: {@code downsample.0} 1×1 conv with the block's stride, {@code downsample.1} norm. */
        CONV,
        /**
         * timm {@code downsample_avg}: AvgPool2d(2, stride, ceil_mode=True, count_include_pad=False), then
         * {@code downsample.1} 1×1 conv, {@code downsample.2} norm.
         */
        AVG
    }

    /**
     * One residual block.
     *
     * @param prefix     e.g. {@code layer3.0}
     * @param bottleneck Bottleneck (1×1, 3×3, 1×1, expansion 4) or BasicBlock (3×3, 3×3)
     * @param in         input channels
     * @param width      channels inside the block
     * @param out        output channels
     * @param stride     stride of the 3×3 conv (and of the shortcut)
     * @param downsample shortcut kind
     */
    public record Block(
            String prefix, boolean bottleneck, int in, int width, int out, int stride, Downsample downsample) {}

    private final Architecture architecture;
    private final NormKind norm;
    private final List<Block> blocks = new ArrayList<>();
    private final List<ParameterSpec> parameters = new ArrayList<>();
    private final int numClasses;

    /**
     * @param numClasses outputs of {@code fc} (1 for our classifiers; 1000 describes timm's ImageNet files)
     */
    public ResNetLayout(Architecture architecture, NormKind norm, int numClasses) {
        this.architecture = architecture;
        this.norm = norm;
        this.numClasses = numClasses;
        if (architecture.tieredStem()) {
            conv("conv1.0", 24, 3, 3);
            norm("conv1.1", 24);
            conv("conv1.3", 32, 24, 3);
            norm("conv1.4", 32);
            conv("conv1.6", 64, 32, 3);
        } else {
            conv("conv1", 64, 3, 7);
        }
        norm("bn1", 64);
        boolean bottleneck = architecture == Architecture.RESNET50;
        int[] repeats = bottleneck ? new int[] {3, 4, 6, 3} : new int[] {1, 1, 1, 1};
        int expansion = bottleneck ? 4 : 1;
        int in = 64;
        int[] planes = {64, 128, 256, 512};
        for (int s = 0; s < 4; s++) {
            for (int b = 0; b < repeats[s]; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                int out = planes[s] * expansion;
                Downsample ds = Downsample.NONE;
                if (b == 0 && (stride != 1 || in != out)) {
                    ds = bottleneck ? Downsample.CONV : Downsample.AVG;
                }
                Block block = new Block("layer" + (s + 1) + "." + b, bottleneck, in, planes[s], out, stride, ds);
                addBlock(block);
                in = out;
            }
        }
        parameters.add(new ParameterSpec(
                "fc.weight", new long[] {numClasses, architecture.features()}, ParameterSpec.Role.FC_WEIGHT));
        parameters.add(new ParameterSpec("fc.bias", new long[] {numClasses}, ParameterSpec.Role.FC_BIAS));
    }

    private void addBlock(Block b) {
        blocks.add(b);
        String p = b.prefix() + ".";
        if (b.bottleneck()) {
            conv(p + "conv1", b.width(), b.in(), 1);
            norm(p + "bn1", b.width());
            conv(p + "conv2", b.width(), b.width(), 3);
            norm(p + "bn2", b.width());
            conv(p + "conv3", b.out(), b.width(), 1);
            norm(p + "bn3", b.out());
        } else {
            conv(p + "conv1", b.width(), b.in(), 3);
            norm(p + "bn1", b.width());
            conv(p + "conv2", b.out(), b.width(), 3);
            norm(p + "bn2", b.out());
        }
        if (b.downsample() == Downsample.CONV) {
            conv(p + "downsample.0", b.out(), b.in(), 1);
            norm(p + "downsample.1", b.out());
        } else if (b.downsample() == Downsample.AVG) {
            conv(p + "downsample.1", b.out(), b.in(), 1);
            norm(p + "downsample.2", b.out());
        }
    }

    private void conv(String name, int out, int in, int k) {
        parameters.add(new ParameterSpec(name + ".weight", new long[] {out, in, k, k}, ParameterSpec.Role.CONV_WEIGHT));
    }

    private void norm(String name, int c) {
        long[] shape = {c};
        parameters.add(new ParameterSpec(name + ".weight", shape, ParameterSpec.Role.NORM_WEIGHT));
        parameters.add(new ParameterSpec(name + ".bias", shape, ParameterSpec.Role.NORM_BIAS));
        if (norm.hasRunningStats()) {
            parameters.add(new ParameterSpec(name + ".running_mean", shape, ParameterSpec.Role.RUNNING_MEAN));
            parameters.add(new ParameterSpec(name + ".running_var", shape, ParameterSpec.Role.RUNNING_VAR));
        }
    }

    public Architecture architecture() {
        return architecture;
    }

    public NormKind norm() {
        return norm;
    }

    public int numClasses() {
        return numClasses;
    }

    /** Residual blocks in order ({@code layer1.0} first). */
    public List<Block> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    /** Every tensor in timm's state-dict order, without {@code num_batches_tracked}. */
    public List<ParameterSpec> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    /** Whether the tensor is updated by the optimiser under this layout's norm kind. */
    public boolean isTrainable(ParameterSpec p) {
        if (p.role().isBuffer()) {
            return false;
        }
        boolean normAffine = p.role() == ParameterSpec.Role.NORM_WEIGHT || p.role() == ParameterSpec.Role.NORM_BIAS;
        return !(normAffine && norm == NormKind.FROZEN_BN);
    }

    /** Count of trainable-or-not parameters (buffers excluded), as timm reports. */
    public long parameterCount() {
        long n = 0;
        for (ParameterSpec p : parameters) {
            if (!p.role().isBuffer()) {
                n += p.size();
            }
        }
        return n;
    }
}
