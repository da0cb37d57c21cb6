package io.tonno.classifier.training;

import io.tonno.classifier.sampling.PlaneRange;
import io.tonno.tomography.DirectionSet;
import io.tonno.tomography.SlicePlane;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fixed planes on which a validation volume is scored, and how their logits become the volume's score
 * ({@code training.validationPlanes}). Two schemes:
 *
 * <ul>
 *   <li>{@code sweep:K} (the default, {@code K = 4}): {@code K} normals of the Fibonacci hemisphere ({@link
 *       DirectionSet#hemisphere(int)}), each swept by {@code M = ⌊count/K⌋} parallel planes at the centres of
 *       {@code M} equal bins of the range where the plane meets the volume, so along every normal some plane passes
 *       within half a bin of any point of the body. The volume score is the mean over the {@code K} normals of the
 *       largest logit of each sweep: a lesion raises the maximum of every sweep, a false alarm on one plane
 *       raises one of them.
 *   <li>{@code lattice}: normal {@code ℓ} of the Fibonacci lattice of {@code count} directions with one plane at
 *       fraction {@code frac((ℓ+0.5)·φ)} (golden ratio φ) of its range; the volume score is the mean of the
 *       highest {@link #TOP_FRACTION} of the logits. A plane meets a lesion of radius {@code r} in a body
 *       of extent {@code D} with probability about {@code 2r/D}, so a small lesion is cut by few of the planes and
 *       rarely through its middle (the scheme of runs before 2026-12-07).
 * </ul>
 *
 * <p>The range is {@link io.tonno.classifier.sampling.NonZeroExtent} (non-zero box) or {@link
 * io.tonno.classifier.sampling.ForegroundSupport} (non-zero voxels), in cube coordinates; the in-plane vectors are
 * {@code Basis}'s unit vectors. The same volume always gets the same planes, so validation scores are comparable
 * across steps and runs.
 *
 * @param directions {@code K} of the sweep, {@code >= 1}; 0 for the lattice
 */
public record ValidationPlanes(int directions) {
    private static final double GOLDEN = (1 + Math.sqrt(5)) / 2;

    /** Fraction of a volume's validation logits averaged into its volume score by the {@code lattice}. */
    public static final double TOP_FRACTION = 0.125;

    /** The default scheme, {@code sweep:4}. */
    public static final ValidationPlanes DEFAULT = new ValidationPlanes(4);

    /** The lattice scheme. */
    public static final ValidationPlanes LATTICE = new ValidationPlanes(0);

    public ValidationPlanes {
        if (directions < 0) {
            throw new IllegalArgumentException(
                    "directions must be >= 1 for a sweep, 0 for the lattice, got " + directions);
        }
    }

    /**
     * {@code lattice}, {@code sweep} (4 normals) or {@code sweep:K} with {@code 1 <= K <= 4096}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static ValidationPlanes parse(String text) {
        if ("lattice".equals(text)) {
            return LATTICE;
        }
        if ("sweep".equals(text)) {
            return DEFAULT;
        }
        if (text != null && text.startsWith("sweep:")) {
            try {
                int k = Integer.parseInt(text.substring("sweep:".length()));
                if (k >= 1 && k <= 4096) {
                    return new ValidationPlanes(k);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("must be sweep, sweep:K with K in [1, 4096], or lattice, got "
                + (text == null ? null : "'" + text + "'"));
    }

    /** Whether this is a sweep. */
    public boolean sweep() {
        return directions > 0;
    }

    /**
     * The planes scored for a budget of {@code count} planes: {@code count} for the lattice, {@code K·⌊count/K⌋} for a
     * sweep.
     *
     * @throws IllegalArgumentException when a sweep would have fewer than 2 planes per normal, or the lattice fewer
     *     than 2 planes
     */
    public int planes(int count) {
        if (!sweep()) {
            if (count < 2) {
                throw new IllegalArgumentException("the lattice needs at least 2 planes, got " + count);
            }
            return count;
        }
        if (count / directions < 2) {
            throw new IllegalArgumentException("sweep:" + directions + " needs at least " + 2 * directions
                    + " validation planes (2 per normal), got " + count);
        }
        return directions * (count / directions);
    }

    /**
     * The {@link #planes(int)} planes for a volume whose content lies in {@code extent}; a sweep lists them normal by
     * normal, each normal's planes by increasing offset.
     */
    public List<SlicePlane> of(PlaneRange extent, int count) {
        int total = planes(count);
        List<SlicePlane> planes = new ArrayList<>(total);
        if (!sweep()) {
            DirectionSet dirs = DirectionSet.fibonacci(count);
            for (int l = 0; l < count; l++) {
                double[] n = dirs.normal(l);
                double[] range = extent.offsetRange(n);
                double f = (l + 0.5) * GOLDEN;
                f -= Math.floor(f);
                planes.add(SlicePlane.of(n, range[0] + f * (range[1] - range[0])));
            }
            return planes;
        }
        int perNormal = total / directions;
        DirectionSet dirs = DirectionSet.hemisphere(directions);
        for (int l = 0; l < directions; l++) {
            double[] n = dirs.normal(l);
            double[] range = extent.offsetRange(n);
            for (int j = 0; j < perNormal; j++) {
                planes.add(SlicePlane.of(n, range[0] + (j + 0.5) * (range[1] - range[0]) / perNormal));
            }
        }
        return planes;
    }

    /**
     * The volume's score from the logits of its {@link #planes(int)} planes, in the order of {@link #of}: the mean
     * of the sweeps' maxima, or the lattice's top mean.
     *
     * @param logits at least {@code planes(count)} logits; only that many are read
     */
    public double volumeScore(double[] logits, int count) {
        int total = planes(count);
        if (logits.length < total) {
            throw new IllegalArgumentException("need " + total + " logits, got " + logits.length);
        }
        if (!sweep()) {
            // The mean of the highest ceil(TOP_FRACTION · total), at least one.
            double[] s = Arrays.copyOf(logits, total);
            Arrays.sort(s);
            int k = Math.max(1, (int) Math.ceil(TOP_FRACTION * total));
            double sum = 0;
            for (int i = total - k; i < total; i++) {
                sum += s[i];
            }
            return sum / k;
        }
        int perNormal = total / directions;
        double sum = 0;
        for (int l = 0; l < directions; l++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < perNormal; j++) {
                max = Math.max(max, logits[l * perNormal + j]);
            }
            sum += max;
        }
        return sum / directions;
    }

    /** The spec's form: {@code lattice} or {@code sweep:K}. */
    @Override
    public String toString() {
        return sweep() ? "sweep:" + directions : "lattice";
    }
}
