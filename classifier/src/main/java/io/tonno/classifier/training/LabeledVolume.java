package io.tonno.classifier.training;

import io.tonno.imaging.Volume;

/**
 * A training or validation case, independent of file formats.
 *
 * @param id     case identifier (for logs)
 * @param volume the image, preprocessed to (near) isotropic voxels
 * @param label  1 if the region of interest is present, else 0
 */
public record LabeledVolume(String id, Volume volume, int label) {
    public LabeledVolume {
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label of " + id + " must be 0 or 1, got " + label);
        }
    }
}
