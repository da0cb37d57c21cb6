package io.tonno.classifier.nn;

import io.tonno.imaging.SpecName;

/**
 * The normalisation layers of a network, chosen by config ({@code model.norm}).
 * Parameter names are timm's in every case ({@code weight}, {@code bias}, plus {@code running_mean},
 * {@code running_var} for the batch-norm kinds), so one weights file serves all three.
 */
public enum NormKind implements SpecName {
    /** Batch norm: batch statistics in training (running statistics updated, momentum 0.1), running in eval. */
    BN,
    /**
     * Frozen batch norm (timm {@code FrozenBatchNorm2d}): running statistics always, affine weight and
     * bias fixed (not trained). Slices of one batch never see each other's statistics.
     */
    FROZEN_BN,
    /**
     * Group norm with trainable affine, eps 1e-5: timm's 32 groups, or {@code gcd(32, channels)} where
     * 32 does not divide the channels (the 24-channel first stem layer of ResNet-10-T gets 8 groups).
     */
    GN;

    /** Whether the layer has {@code running_mean}/{@code running_var} buffers. */
    public boolean hasRunningStats() {
        return this != GN;
    }

    /** Group count for a {@link #GN} layer of {@code channels} channels. */
    public static int groups(int channels) {
        int a = 32;
        int b = channels;
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Parses {@code bn}, {@code frozen-bn} or {@code gn}; case-insensitive. */
    public static NormKind parse(String id) {
        return SpecName.find(NormKind.class, id)
                .orElseThrow(
                        () -> new IllegalArgumentException("unknown norm '" + id + "', expected bn, frozen-bn or gn"));
    }
}
