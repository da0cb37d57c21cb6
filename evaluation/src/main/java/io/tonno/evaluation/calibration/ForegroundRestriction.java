package io.tonno.evaluation.calibration;

/**
 * Whether binarization looks only inside the body (method.md §10, our choice). ToNNO's second
 * derivative puts strong artefacts where slices leave the body, so restricting to the preprocessed
 * volume's foreground mask keeps them out of the segmentation; the raw heatmap is kept unchanged.
 */
public enum ForegroundRestriction {
    /** Every voxel may be positive. */
    NONE,
    /**
     * Only voxels whose foreground value is non-zero (and not NaN) may be positive, and normalisation
     * statistics are taken over them; a case without a foreground volume is an error.
     */
    INSIDE_FOREGROUND
}
