package io.tonno.classifier.training;

import io.tonno.imaging.Volume;

/**
 * A training or validation case, independent of file formats.
 *
 * @param id     case identifier (for logs)
 * @param volume the image, preprocessed to (near) isotropic voxels
 * @param label  1 if the region of interest is present, else 0
 * @param mask   the lesion mask on the image's grid (non-zero inside a lesion), or null when there is none; training
 *               never reads it; validation uses it, when every validation case has one, for the lesion-aware
 *               slice AUC ({@link TrainingRun.Validation#lesionSliceAuc()})
 */
public record LabeledVolume(String id, Volume volume, int label, Volume mask) {
    public LabeledVolume {
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label of " + id + " must be 0 or 1, got " + label);
        }
        if (mask != null && (mask.nx() != volume.nx() || mask.ny() != volume.ny() || mask.nz() != volume.nz())) {
            throw new IllegalArgumentException("mask of " + id + " is " + mask.nx() + "x" + mask.ny() + "x" + mask.nz()
                    + ", the image " + volume.nx() + "x" + volume.ny() + "x" + volume.nz());
        }
    }

    /** A case without a mask. */
    public LabeledVolume(String id, Volume volume, int label) {
        this(id, volume, label, null);
    }
}
