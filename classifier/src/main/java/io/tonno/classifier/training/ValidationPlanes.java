package io.tonno.classifier.training;

import io.tonno.classifier.sampling.PlaneRange;
import io.tonno.tomography.DirectionSet;
import io.tonno.tomography.SlicePlane;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed planes on which a validation volume is scored: normals of the Fibonacci lattice of
 * {@code count} directions, and for normal {@code ℓ} the offset at fraction {@code frac((ℓ+0.5)·φ)}
 * (golden ratio φ) of the range where the plane meets the volume ({@link io.tonno.classifier.sampling.NonZeroExtent}
 * for the non-zero box, {@link io.tonno.classifier.sampling.ForegroundSupport} for the non-zero voxels), with the unit
 * {@code Basis} in-plane vectors. The same volume always gets the same planes, so validation scores are
 * comparable across steps and runs.
 */
public final class ValidationPlanes {
    private static final double GOLDEN = (1 + Math.sqrt(5)) / 2;

    private ValidationPlanes() {}

    /** {@code count >= 2} planes for a volume with the given extent. */
    public static List<SlicePlane> of(PlaneRange extent, int count) {
        DirectionSet dirs = DirectionSet.fibonacci(count);
        List<SlicePlane> planes = new ArrayList<>(count);
        for (int l = 0; l < count; l++) {
            double[] n = dirs.normal(l);
            double[] range = extent.offsetRange(n);
            double f = (l + 0.5) * GOLDEN;
            f -= Math.floor(f);
            planes.add(SlicePlane.of(n, range[0] + f * (range[1] - range[0])));
        }
        return planes;
    }
}
