package io.tonno.evaluation.metrics;

import io.tonno.imaging.dataset.Box;
import io.tonno.imaging.label.Labeling;
import java.util.List;

/**
 * MaxIoU for datasets with boxes only (method.md §10): for each ground-truth 3D box, the largest IoU
 * between it and the bounding box of any predicted component (0 when nothing is predicted). IoU
 * counts voxels of inclusive boxes ({@link Box#iou}).
 */
public final class MaxIoU {
    private MaxIoU() {}

    /** One value per ground-truth box, in the order given. */
    public static double[] perBox(List<Box> truthBoxes, Labeling pred) {
        double[] out = new double[truthBoxes.size()];
        for (int b = 0; b < out.length; b++) {
            Box truth = truthBoxes.get(b);
            double best = 0;
            for (int c = 1; c <= pred.count(); c++) {
                best = Math.max(best, truth.iou(pred.box(c)));
            }
            out[b] = best;
        }
        return out;
    }

    /** The volume's MaxIoU: the mean over its boxes; NaN for a volume without boxes (not scored). */
    public static double volume(List<Box> truthBoxes, Labeling pred) {
        double[] v = perBox(truthBoxes, pred);
        if (v.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
