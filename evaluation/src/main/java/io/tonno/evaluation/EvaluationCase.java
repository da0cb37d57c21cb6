package io.tonno.evaluation;

import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One volume to score for one method. All volumes share the heatmap's shape and voxel grid.
 *
 * @param id         case identifier (used in messages and tables)
 * @param heatmap    the method's raw heatmap (high = evidence of a lesion)
 * @param truth      ground-truth mask (non-zero, non-NaN = lesion), or {@code null}
 * @param boxes      ground-truth 3D boxes in voxel indices for box-only datasets, or {@code null}
 * @param foreground body mask for {@link io.tonno.evaluation.calibration.ForegroundRestriction#INSIDE_FOREGROUND},
 *                   or {@code null}
 * @param label      the volume label, 0 (no lesion) or 1
 * @param seconds    wall time the method took to produce this heatmap, NaN if unknown
 */
public record EvaluationCase(
        String id, Volume heatmap, Volume truth, List<Box> boxes, Volume foreground, int label, double seconds) {
    public EvaluationCase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(heatmap, "heatmap");
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("case " + id + ": label must be 0 or 1, got " + label);
        }
        if (truth != null && !heatmap.sameShape(truth)) {
            throw new IllegalArgumentException("case " + id + ": truth shape " + Arrays.toString(truth.shape())
                    + " differs from heatmap shape " + Arrays.toString(heatmap.shape()));
        }
        if (foreground != null && !heatmap.sameShape(foreground)) {
            throw new IllegalArgumentException("case " + id + ": foreground shape "
                    + Arrays.toString(foreground.shape()) + " differs from heatmap shape "
                    + Arrays.toString(heatmap.shape()));
        }
        boxes = boxes == null ? null : List.copyOf(boxes);
    }

    /** A case with a mask, without boxes and timing. */
    public static EvaluationCase withMask(String id, Volume heatmap, Volume truth, Volume foreground, int label) {
        return new EvaluationCase(id, heatmap, truth, null, foreground, label, Double.NaN);
    }
}
