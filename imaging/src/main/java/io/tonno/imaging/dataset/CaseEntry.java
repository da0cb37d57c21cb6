package io.tonno.imaging.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One case of a dataset.
 *
 * @param id    storage-safe identifier (see {@link SafeKeys}), unique in its dataset
 * @param image absolute path of the image (NIfTI file or DICOM series folder)
 * @param label 1 when the case contains a lesion, else 0
 * @param mask  absolute path of the voxel-wise ground truth (same grid as the image), or {@code null}
 * @param boxes ground-truth boxes in voxel indices of the image (inclusive), possibly empty
 * @param split which part of the experiment uses the case
 */
public record CaseEntry(String id, Path image, int label, Path mask, List<Box> boxes, Split split) {
    public CaseEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(split, "split");
        boxes = boxes == null ? List.of() : List.copyOf(boxes);
    }

    /** True when the case has a voxel mask. */
    public boolean hasMask() {
        return mask != null;
    }
}
