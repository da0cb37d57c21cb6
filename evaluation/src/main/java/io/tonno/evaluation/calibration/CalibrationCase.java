package io.tonno.evaluation.calibration;

import io.tonno.imaging.Volume;
import java.util.Objects;

/**
 * One calibration volume of one method: its raw heatmap, its ground-truth mask (non-zero = lesion;
 * an all-zero mask is a negative volume) and, when binarization is restricted, its foreground mask.
 * All share one shape.
 */
public record CalibrationCase(String id, Volume heatmap, Volume truth, Volume foreground) {
    public CalibrationCase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(heatmap, "heatmap");
        Objects.requireNonNull(truth, "truth");
        if (!heatmap.sameShape(truth)) {
            throw new IllegalArgumentException("case " + id + ": truth shape differs from heatmap shape");
        }
        if (foreground != null && !heatmap.sameShape(foreground)) {
            throw new IllegalArgumentException("case " + id + ": foreground shape differs from heatmap shape");
        }
    }
}
