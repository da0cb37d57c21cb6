package io.tonno.classifier.nn;

import io.tonno.imaging.SpecName;

/**
 * How a single-channel slice becomes the network's 3-channel input. The channel is always repeated
 * three times; {@link #IMAGENET} then maps each channel {@code c} to {@code (x - mean_c) / std_c} with
 * timm's ImageNet constants, as ImageNet-pretrained weights expect for inputs in {@code [0, 1]}.
 */
public enum InputNormalization implements SpecName {
    /** Repeat the channel, no affine change. */
    NONE,
    /** Repeat, then mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225) per channel. */
    IMAGENET;

    static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] STD = {0.229f, 0.224f, 0.225f};

    /** ImageNet mean of channel {@code c} (0..2), for intensities in {@code [0, 1]}. */
    public static float imagenetMean(int c) {
        return MEAN[c];
    }

    /** ImageNet standard deviation of channel {@code c} (0..2). */
    public static float imagenetStd(int c) {
        return STD[c];
    }

    /** Parses {@code none} or {@code imagenet}; case-insensitive. */
    public static InputNormalization parse(String id) {
        return SpecName.parse(InputNormalization.class, id, "inputNormalization");
    }
}
