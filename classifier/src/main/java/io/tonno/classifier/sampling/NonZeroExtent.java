package io.tonno.classifier.sampling;

import io.tonno.imaging.Volume;
import io.tonno.imaging.preprocess.CropPad;
import io.tonno.tomography.HeatmapGeometry;

/**
 * The axis-aligned bounding box of a volume's non-zero voxels in cube coordinates ({@code method.md}
 * §2: voxel index {@code i} of an axis of {@code n} voxels sits at {@code 2i/(n-1) - 1}). Planes are only
 * sampled where they meet this box, so training slices are not wasted on empty padding.
 *
 * @param lo the box's low corner, 3 cube coordinates in {@code [-1, 1]}
 * @param hi the box's high corner
 */
public record NonZeroExtent(double[] lo, double[] hi) implements PlaneRange {
    /** Scans the volume once; an all-zero volume gets the whole cube. */
    public static NonZeroExtent of(Volume v) {
        int[] bounds = CropPad.nonZeroBounds(v);
        if (bounds == null) {
            return new NonZeroExtent(new double[] {-1, -1, -1}, new double[] {1, 1, 1});
        }
        int[] n = v.shape();
        double[] lo = new double[3];
        double[] hi = new double[3];
        for (int a = 0; a < 3; a++) {
            lo[a] = HeatmapGeometry.coordinate(bounds[a], n[a]);
            hi[a] = HeatmapGeometry.coordinate(bounds[a + 3], n[a]);
        }
        return new NonZeroExtent(lo, hi);
    }

    /**
     * The offsets {@code s} for which the plane {@code x·n = s} meets the box: {@code [min, max]} of
     * {@code c·n} over the box's 8 corners {@code c}.
     */
    @Override
    public double[] offsetRange(double[] n) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int corner = 0; corner < 8; corner++) {
            double s = 0;
            for (int a = 0; a < 3; a++) {
                s += n[a] * (((corner >> a) & 1) == 0 ? lo[a] : hi[a]);
            }
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        return new double[] {min, max};
    }
}
