package io.tonno.evaluation.metrics;

import io.tonno.imaging.dataset.Box;
import io.tonno.imaging.label.Labeling;
import java.util.Arrays;
import java.util.List;

/**
 * Lesion-wise matching (method.md §10). A ground-truth component is detected when any predicted voxel
 * overlaps it; a predicted component is a true positive when it overlaps any ground-truth voxel.
 * Both labelings must share a shape and a connectivity choice made by the caller.
 */
public final class LesionDetection {
    private LesionDetection() {}

    /** Counts for a volume with a ground-truth mask. */
    public static DetectionCounts count(Labeling pred, Labeling truth) {
        if (!Arrays.equals(pred.shape(), truth.shape())) {
            throw new IllegalArgumentException("prediction shape " + Arrays.toString(pred.shape())
                    + " differs from truth shape " + Arrays.toString(truth.shape()));
        }
        int[] p = pred.labels();
        int[] t = truth.labels();
        boolean[] detected = new boolean[truth.count() + 1];
        boolean[] truePositive = new boolean[pred.count() + 1];
        for (int n = 0; n < p.length; n++) {
            if (p[n] != 0 && t[n] != 0) {
                detected[t[n]] = true;
                truePositive[p[n]] = true;
            }
        }
        return new DetectionCounts(truth.count(), trues(detected), pred.count(), trues(truePositive));
    }

    /**
     * Counts for a box-only volume: each box is one ground-truth lesion and its voxels are the
     * ground-truth voxels. Boxes are in the labeling's voxel indices and clipped to its shape.
     */
    public static DetectionCounts count(Labeling pred, List<Box> truthBoxes) {
        int[] shape = pred.shape();
        int[] p = pred.labels();
        boolean[] truePositive = new boolean[pred.count() + 1];
        int detectedBoxes = 0;
        for (Box b : truthBoxes) {
            boolean hit = false;
            for (int k = Math.max(0, b.k0()); k <= Math.min(shape[2] - 1, b.k1()); k++) {
                for (int j = Math.max(0, b.j0()); j <= Math.min(shape[1] - 1, b.j1()); j++) {
                    int row = shape[0] * (j + shape[1] * k);
                    for (int i = Math.max(0, b.i0()); i <= Math.min(shape[0] - 1, b.i1()); i++) {
                        int label = p[row + i];
                        if (label != 0) {
                            hit = true;
                            truePositive[label] = true;
                        }
                    }
                }
            }
            if (hit) {
                detectedBoxes++;
            }
        }
        return new DetectionCounts(truthBoxes.size(), detectedBoxes, pred.count(), trues(truePositive));
    }

    private static int trues(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            if (f) {
                n++;
            }
        }
        return n;
    }
}
