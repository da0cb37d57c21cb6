package io.tonno.classifier.nn;

import io.tonno.imaging.SpecName;

/**
 * The supported networks, named as in timm. Both take {@code (N, 3, H, W)} float32 images and end in a
 * global average pool and a linear head with one logit.
 */
public enum Architecture implements SpecName {
    /**
     * timm {@code resnet10t}: deep-tiered stem 3→24→32→64 (3×3 convs, the first with stride 2), 3×3/2
     * max-pool, one BasicBlock per stage with 64/128/256/512 channels, average-pool downsampling.
     * 4.92 M parameters with a 1-logit head (5.44 M with timm's 1000-class head); 1.1 GMAC per 224² image.
     */
    RESNET10T(512),
    /**
     * timm {@code resnet50}: 7×7/2 stem conv, 3×3/2 max-pool, Bottleneck blocks [3, 4, 6, 3] with
     * expansion 4 and strided 3×3 convs, 1×1-conv downsampling; 2048 features. 4.1 GMAC per 224² image.
     */
    RESNET50(2048);

    private final int features;

    Architecture(int features) {
        this.features = features;
    }

    /** Channels entering the head (the width of {@link Stage#LAYER4}). */
    public int features() {
        return features;
    }

    /** Multiply-accumulates of one forward pass of a 224×224 image (timm's figures). */
    public double gmacsAt224() {
        return this == RESNET10T ? 1.1 : 4.1;
    }

    /** Parses a timm name ({@code resnet10t}, {@code resnet50}); case-insensitive. */
    public static Architecture parse(String id) {
        return SpecName.parse(Architecture.class, id, "architecture");
    }
}
