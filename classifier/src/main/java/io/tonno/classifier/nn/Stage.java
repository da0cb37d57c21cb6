package io.tonno.classifier.nn;

/**
 * The points of a {@link ResNet} forward pass where activations can be taken (CAM methods) and the pass
 * resumed. Shapes for an {@code (N, 3, H, W)} input to ResNet-10-T ({@code ×4} channels for ResNet-50's
 * layers; twice each spatial size for ResNet-10-T-HR, whose stem's first conv has stride 1); spatial sizes round
 * up at each stride-2 step.
 */
public enum Stage {
    /** The prepared 3-channel input {@code (N, 3, H, W)}. */
    INPUT,
    /** After stem convs, {@code bn1}, {@code act1} and the max-pool: {@code (N, 64, H/4, W/4)}. */
    STEM,
    /** {@code (N, 64, H/4, W/4)}. */
    LAYER1,
    /** {@code (N, 128, H/8, W/8)}. */
    LAYER2,
    /** {@code (N, 256, H/16, W/16)}. */
    LAYER3,
    /** {@code (N, 512, H/32, W/32)}: the usual CAM target layer. */
    LAYER4,
    /** The logits {@code (N, 1)} after global average pooling and {@code fc}. */
    HEAD
}
