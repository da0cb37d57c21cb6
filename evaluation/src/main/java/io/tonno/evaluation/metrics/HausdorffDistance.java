package io.tonno.evaluation.metrics;

import io.tonno.imaging.label.VoxelBounds;
import java.util.Arrays;
import java.util.Objects;

/**
 * The percentile Hausdorff distance in millimetres as MONAI defines it
 * ({@code monai.metrics.compute_hausdorff_distance(percentile=95, directed=False, spacing=...)}, 1.3+):
 * <ol>
 *   <li>The surface of a mask is its edge voxels: foreground voxels with at least one background
 *       6-neighbour, voxels outside the volume counting as background (scipy's {@code binary_erosion}
 *       with its default cross structure, XOR the mask).</li>
 *   <li>For each prediction edge voxel, the Euclidean distance in mm between voxel centres (with the
 *       volume's spacing) to the nearest ground-truth edge voxel; likewise from truth to prediction.</li>
 *   <li>The given percentile of each directed set (linear interpolation between order statistics, as
 *       {@code numpy.percentile} / {@code torch.quantile}); the result is the larger of the two.</li>
 * </ol>
 *
 * <p><b>Empty masks</b> (named options, see {@link Options}): when both masks are empty MONAI returns
 * NaN and so do we ({@link Options#whenBothEmpty}). When exactly one is empty the distance to an empty
 * set is infinite and we return {@code +inf} ({@link Options#whenOneEmpty}). MONAI's own code ends in
 * NaN in that case with a percentile (its {@code torch.quantile} of an all-infinite tensor is NaN) and
 * in {@code inf} without one; we chose the latter, finite-free meaning for both.
 */
public final class HausdorffDistance {
    /**
     * @param percentile     in [0, 100]; 100 is the classic (maximum) Hausdorff distance
     * @param whenBothEmpty  returned when both masks are empty (default NaN)
     * @param whenOneEmpty   returned when exactly one mask is empty (default +inf)
     */
    public record Options(double percentile, double whenBothEmpty, double whenOneEmpty) {
        /** HD95 with NaN for two empty masks and +inf for one. */
        public static final Options HD95 = new Options(95, Double.NaN, Double.POSITIVE_INFINITY);

        public Options {
            if (!(percentile >= 0 && percentile <= 100)) {
                throw new IllegalArgumentException("percentile must be in [0, 100], got " + percentile);
            }
        }
    }

    private HausdorffDistance() {}

    /**
     * @param pred    predicted mask, axis 0 fastest
     * @param truth   ground-truth mask, same shape
     * @param shape   {@code (nx, ny, nz)}
     * @param spacing mm per voxel along each axis
     * @return distance in mm, or an empty-mask value from {@code options}
     */
    public static double compute(boolean[] pred, boolean[] truth, int[] shape, double[] spacing, Options options) {
        Objects.requireNonNull(options, "options");
        int nx = shape[0];
        int ny = shape[1];
        int nz = shape[2];
        if (pred.length != (long) nx * ny * nz || truth.length != pred.length) {
            throw new IllegalArgumentException("masks of " + pred.length + " and " + truth.length
                    + " voxels do not match shape " + Arrays.toString(shape));
        }
        // Bounding box of the union, grown by one voxel so that the crop's border is background.
        VoxelBounds bounds = new VoxelBounds();
        boolean anyPred = false;
        boolean anyTruth = false;
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                int row = nx * (j + ny * k);
                for (int i = 0; i < nx; i++) {
                    boolean p = pred[row + i];
                    boolean t = truth[row + i];
                    if (p || t) {
                        anyPred |= p;
                        anyTruth |= t;
                        bounds.add(i, j, k);
                    }
                }
            }
        }
        if (!anyPred && !anyTruth) {
            return options.whenBothEmpty();
        }
        if (!anyPred || !anyTruth) {
            return options.whenOneEmpty();
        }
        int[] box = bounds.corners();
        int[] lo = {box[0], box[1], box[2]};
        int cx = box[3] - box[0] + 3;
        int cy = box[4] - box[1] + 3;
        int cz = box[5] - box[2] + 3;
        boolean[] cropPred = crop(pred, shape, lo, cx, cy, cz);
        boolean[] cropTruth = crop(truth, shape, lo, cx, cy, cz);
        boolean[] edgePred = edges(cropPred, cx, cy, cz);
        boolean[] edgeTruth = edges(cropTruth, cx, cy, cz);
        // One distance map at a time, so peak memory is one double per cropped voxel.
        double d1 = percentile(
                sampleSqrt(DistanceTransform.squared(edgeTruth, cx, cy, cz, spacing), edgePred), options.percentile());
        double d2 = percentile(
                sampleSqrt(DistanceTransform.squared(edgePred, cx, cy, cz, spacing), edgeTruth), options.percentile());
        return Math.max(d1, d2);
    }

    private static boolean[] crop(boolean[] m, int[] shape, int[] lo, int cx, int cy, int cz) {
        boolean[] out = new boolean[cx * cy * cz];
        for (int k = 1; k < cz - 1; k++) {
            for (int j = 1; j < cy - 1; j++) {
                int src = (lo[0]) + shape[0] * ((lo[1] + j - 1) + shape[1] * (lo[2] + k - 1));
                System.arraycopy(m, src, out, 1 + cx * (j + cy * k), cx - 2);
            }
        }
        return out;
    }

    /** Foreground voxels with a background 6-neighbour; the crop's one-voxel border is background. */
    static boolean[] edges(boolean[] m, int nx, int ny, int nz) {
        boolean[] e = new boolean[m.length];
        int sy = nx;
        int sz = nx * ny;
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    int n = i + nx * (j + ny * k);
                    if (!m[n]) {
                        continue;
                    }
                    boolean interior = i > 0
                            && i < nx - 1
                            && j > 0
                            && j < ny - 1
                            && k > 0
                            && k < nz - 1
                            && m[n - 1]
                            && m[n + 1]
                            && m[n - sy]
                            && m[n + sy]
                            && m[n - sz]
                            && m[n + sz];
                    e[n] = !interior;
                }
            }
        }
        return e;
    }

    private static double[] sampleSqrt(double[] squared, boolean[] at) {
        int count = 0;
        for (boolean b : at) {
            count += b ? 1 : 0;
        }
        double[] out = new double[count];
        int m = 0;
        for (int n = 0; n < at.length; n++) {
            if (at[n]) {
                out[m++] = Math.sqrt(squared[n]);
            }
        }
        return out;
    }

    /** Linear-interpolation percentile ({@code numpy.percentile}'s default), sorting {@code values}. */
    static double percentile(double[] values, double p) {
        Arrays.sort(values);
        double pos = (values.length - 1) * p / 100.0;
        int below = (int) Math.floor(pos);
        int above = Math.min(values.length - 1, below + 1);
        double frac = pos - below;
        return values[below] + (values[above] - values[below]) * frac;
    }
}
