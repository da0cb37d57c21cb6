package io.tonno.evaluation;

import io.tonno.evaluation.metrics.DetectionCounts;

/**
 * Scores of one volume for one method. Metrics that do not apply are NaN: Dice and HD95 without a
 * mask, MaxIoU without boxes.
 *
 * @param id                case identifier
 * @param annotation        what the case was scored against
 * @param label             volume label
 * @param predictedPositive whether the binarized heatmap is non-empty
 * @param predictedVoxels   voxels in the binarized heatmap
 * @param truthVoxels       voxels in the mask (or -1 without one)
 * @param detection         lesion counts, or {@code null} when the volume has no annotation to match
 * @param dice              Dice, NaN when it does not apply or is excluded
 * @param maxIoU            MaxIoU (box-only volumes), else NaN
 * @param hd95              percentile Hausdorff distance in mm (NaN/inf for empty masks, see settings)
 * @param peak              the heatmap's largest non-NaN value ({@link io.tonno.evaluation.calibration.Binarizer#peak}), in the heatmap's own units (before any normalisation), over
 *                          the voxels its binarization may mark (the foreground when binarization is restricted to
 *                          it, else every voxel); NaN when there are none. The volume's score for the volume AUC
 * @param seconds           heatmap wall time, NaN if unknown
 */
public record CaseMetrics(
        String id,
        Annotation annotation,
        int label,
        boolean predictedPositive,
        long predictedVoxels,
        long truthVoxels,
        DetectionCounts detection,
        double dice,
        double maxIoU,
        double hd95,
        double peak,
        double seconds) {
    /** What a case's prediction was compared with. */
    public enum Annotation {
        /** A ground-truth mask. */
        MASK,
        /** Ground-truth boxes only. */
        BOXES,
        /** Nothing, but label 0: an empty mask is assumed. */
        ASSUMED_EMPTY,
        /** Nothing and label 1: only balanced accuracy applies. */
        NONE
    }
}
