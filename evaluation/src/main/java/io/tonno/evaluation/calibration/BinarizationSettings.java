package io.tonno.evaluation.calibration;

import java.util.Objects;

/**
 * Everything that turns a heatmap into a mask: a voxel is positive when it is considered (see
 * {@link ForegroundRestriction}), not NaN, and its normalised value is strictly greater than
 * {@code threshold}.
 *
 * @param normalization how values are scaled first
 * @param threshold     in normalised units; {@code +inf} never fires
 * @param restriction   whether only foreground voxels are considered
 */
public record BinarizationSettings(Normalization normalization, double threshold, ForegroundRestriction restriction) {
    public BinarizationSettings {
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(restriction, "restriction");
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must not be NaN");
        }
    }
}
