package io.tonno.classifier.nn;

import io.tonno.imaging.SpecName;

/**
 * The supported networks, named as in timm (but for {@link #RESNET10T_HR}). All take {@code (N, 3, H, W)} float32
 * images and end in a global average pool and a linear head with one logit.
 */
public enum Architecture implements SpecName {
    /**
     * timm {@code resnet10t}: deep-tiered stem 3→24→32→64 (3×3 convs, the first with stride 2), 3×3/2
     * max-pool, one BasicBlock per stage with 64/128/256/512 channels, average-pool downsampling.
     * 4.92 M parameters with a 1-logit head (5.44 M with timm's 1000-class head); 1.1 GMAC per 224² image.
     */
    RESNET10T(512, 2),
    /**
     * ResNet-10-T at twice the resolution: the same tensors as {@link #RESNET10T} (so its files load), but the
     * stem's first 3×3 conv has stride 1, so every feature map is twice as large along each side ({@code STEM}
     * and {@code LAYER1} at {@code H/2}, {@code LAYER4} at {@code H/16}) and a forward pass costs 4× as much
     * (4.4 GMAC per 224² image). For lesions of a few pixels: on 64² planes ResNet-10-T's stem turns a lesion 7
     * pixels across into under 2 pixels at {@code LAYER1}. Not a timm model; the name is ours.
     */
    RESNET10T_HR(512, 1),
    /**
     * timm {@code resnet50}: 7×7/2 stem conv, 3×3/2 max-pool, Bottleneck blocks [3, 4, 6, 3] with
     * expansion 4 and strided 3×3 convs, 1×1-conv downsampling; 2048 features. 4.1 GMAC per 224² image.
     */
    RESNET50(2048, 2);

    private final int features;
    private final int stemStride;

    Architecture(int features, int stemStride) {
        this.features = features;
        this.stemStride = stemStride;
    }

    /** Stride of the stem's first convolution: 2 as in timm, 1 for {@link #RESNET10T_HR}. */
    public int stemStride() {
        return stemStride;
    }

    /** Whether the stem is ResNet-10-T's deep-tiered one (three 3×3 convs 3→24→32→64) rather than one 7×7 conv. */
    public boolean tieredStem() {
        return this != RESNET50;
    }

    /** Channels entering the head (the width of {@link Stage#LAYER4}). */
    public int features() {
        return features;
    }

    /** Multiply-accumulates of one forward pass of a 224×224 image (timm's figures). */
    public double gmacsAt224() {
        return switch (this) {
            case RESNET10T -> 1.1;
            case RESNET10T_HR -> 4.4;
            case RESNET50 -> 4.1;
        };
    }

    /** Parses a name ({@code resnet10t}, {@code resnet10t-hr}, {@code resnet50}); case-insensitive. */
    public static Architecture parse(String id) {
        return SpecName.parse(Architecture.class, id, "architecture");
    }
}
