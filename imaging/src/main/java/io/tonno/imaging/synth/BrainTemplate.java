package io.tonno.imaging.synth;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.label.VoxelBounds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A skull-stripped T1-weighted brain template at its own resolution (Colin27 {@code ch2bet.nii.gz} by default),
 * with its brain and white-matter masks.
 *
 * <ul>
 *   <li><b>Brain:</b> the voxels above 0 (the template is zero outside the brain).</li>
 *   <li><b>Tissue classes:</b> three-class k-means (Lloyd's algorithm on a 256-bin histogram of the brain
 *       voxels, centres started at 1/6, 3/6 and 5/6 of the intensity range): CSF, grey matter, white matter.
 *       The white matter is the brain voxels at or above the midpoint of the grey- and white-matter
 *       centres.</li>
 *   <li><b>Anatomy:</b> the template divided by the white-matter centre (white matter ≈ 1), 0 outside the
 *       brain.</li>
 * </ul>
 *
 * All three arrays have the template's shape in axis-0-fastest order; {@link #spacing} is in mm and
 * {@link #affine} is the template's voxel-to-world matrix (row-major 4×4).
 */
final class BrainTemplate {
    /** Fewest brain voxels a usable template has. */
    static final int MIN_BRAIN_VOXELS = 1000;
    /** Smallest share of the brain each tissue class must hold. */
    static final double MIN_CLASS_FRACTION = 0.02;

    final String source;
    final int[] shape;
    final double[] spacing;
    final double[] affine;
    final float[] anatomy;
    final float[] brain;
    final float[] whiteMatter;
    /** Inclusive brain bounding box in template voxels: {@code (i0, j0, k0, i1, j1, k1)}. */
    final int[] box;
    /** Tissue-class centres (CSF, grey matter, white matter) in the template's own intensity units. */
    final double[] classCentres;

    private BrainTemplate(
            String source,
            Volume v,
            float[] anatomy,
            float[] brain,
            float[] whiteMatter,
            int[] box,
            double[] classCentres) {
        this.source = source;
        this.shape = v.shape();
        this.spacing = v.spacing();
        this.affine = v.affine();
        this.anatomy = anatomy;
        this.brain = brain;
        this.whiteMatter = whiteMatter;
        this.box = box;
        this.classCentres = classCentres;
    }

    /** Reads and segments a template file; a missing file names the Debian package that installs it. */
    static BrainTemplate load(Path path) throws IOException, InvalidInputException {
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(
                    path.toString(),
                    "file",
                    "brain template not found; install it with"
                            + " `apt-get install mricron-data` (Colin27 templates in /usr/share/mricron/templates/) or pass"
                            + " --template PATH to a skull-stripped T1 NIfTI");
        }
        return of(Nifti.read(path), path.toString());
    }

    /** Segments a template volume; {@code source} names it in errors. */
    static BrainTemplate of(Volume v, String source) throws InvalidInputException {
        float[] d = v.data();
        int[] s = v.shape();
        VoxelBounds bounds = new VoxelBounds();
        long count = 0;
        double max = 0;
        boolean touchesBorder = false;
        for (int k = 0; k < s[2]; k++) {
            for (int j = 0; j < s[1]; j++) {
                for (int i = 0; i < s[0]; i++) {
                    float x = d[i + s[0] * (j + s[1] * k)];
                    if (x < 0) {
                        throw new InvalidInputException(
                                source,
                                "data",
                                "a T1 template has no negative voxels, got " + x + " at (" + i + ", " + j + ", " + k
                                        + ")");
                    }
                    if (x > 0) {
                        count++;
                        max = Math.max(max, x);
                        bounds.add(i, j, k);
                        int[] p = {i, j, k};
                        for (int a = 0; a < 3; a++) {
                            touchesBorder |= p[a] == 0 || p[a] == s[a] - 1;
                        }
                    }
                }
            }
        }
        if (count < MIN_BRAIN_VOXELS) {
            throw new InvalidInputException(
                    source,
                    "data",
                    "a brain template needs at least " + MIN_BRAIN_VOXELS + " voxels > 0, got " + count);
        }
        if (touchesBorder) {
            throw new InvalidInputException(
                    source,
                    "data",
                    "the brain touches the image border: the template must be"
                            + " skull-stripped, zero outside the brain (for example ch2bet.nii.gz, not ch2.nii.gz)");
        }
        double[] centres = kMeans3(d, max);
        double gmThreshold = (centres[0] + centres[1]) / 2;
        double wmThreshold = (centres[1] + centres[2]) / 2;
        long[] members = new long[3];
        for (float x : d) {
            if (x > 0) {
                members[x >= wmThreshold ? 2 : x >= gmThreshold ? 1 : 0]++;
            }
        }
        for (long m : members) {
            if (m < MIN_CLASS_FRACTION * count) {
                throw new InvalidInputException(
                        source,
                        "data",
                        "no three tissue intensities (CSF < grey < white"
                                + " matter) in the brain: k-means class centres " + Arrays.toString(centres)
                                + " hold " + Arrays.toString(members) + " of " + count + " voxels; a T1 template"
                                + " needs at least " + (int) (100 * MIN_CLASS_FRACTION) + " % in each");
            }
        }
        float[] anatomy = new float[d.length];
        float[] brain = new float[d.length];
        float[] wm = new float[d.length];
        for (int idx = 0; idx < d.length; idx++) {
            if (d[idx] > 0) {
                anatomy[idx] = (float) (d[idx] / centres[2]);
                brain[idx] = 1;
                wm[idx] = d[idx] >= wmThreshold ? 1 : 0;
            }
        }
        return new BrainTemplate(source, v, anatomy, brain, wm, bounds.corners(), centres);
    }

    /** Extent of the brain's bounding box along each template axis, in mm. */
    double[] brainExtentMm() {
        double[] e = new double[3];
        for (int a = 0; a < 3; a++) {
            e[a] = (box[a + 3] - box[a] + 1) * spacing[a];
        }
        return e;
    }

    /** Centre of the brain's bounding box in template voxel indices. */
    double[] brainCentre() {
        return new double[] {(box[0] + box[3]) / 2.0, (box[1] + box[4]) / 2.0, (box[2] + box[5]) / 2.0};
    }

    /** Three-class k-means on the histogram of the positive voxels; centres in ascending order. */
    static double[] kMeans3(float[] d, double max) {
        int bins = 256;
        long[] hist = new long[bins];
        for (float x : d) {
            if (x > 0) {
                hist[Math.min(bins - 1, (int) (x / max * bins))]++;
            }
        }
        double[] value = new double[bins];
        for (int b = 0; b < bins; b++) {
            value[b] = (b + 0.5) * max / bins;
        }
        double[] c = {max / 6, max / 2, 5 * max / 6};
        for (int iter = 0; iter < 200; iter++) {
            double[] sum = new double[3];
            long[] n = new long[3];
            for (int b = 0; b < bins; b++) {
                int best = 0;
                for (int m = 1; m < 3; m++) {
                    if (Math.abs(value[b] - c[m]) < Math.abs(value[b] - c[best])) {
                        best = m;
                    }
                }
                sum[best] += hist[b] * value[b];
                n[best] += hist[b];
            }
            double[] next = c.clone();
            for (int m = 0; m < 3; m++) {
                if (n[m] > 0) {
                    next[m] = sum[m] / n[m];
                }
            }
            if (Arrays.equals(next, c)) {
                break;
            }
            c = next;
        }
        return c;
    }
}
