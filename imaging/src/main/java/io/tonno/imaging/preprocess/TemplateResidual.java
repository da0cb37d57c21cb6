package io.tonno.imaging.preprocess;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.label.Masks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Residuals to a population template, for volumes on one grid (registered to a common space, as brain MR
 * pipelines register to MNI): each case becomes its difference from the mean appearance of the training cases,
 * so the anatomy that every case shares cancels and a lesion stands out against a flat field (docs/anatomy.md,
 * "Residuals to the population").
 *
 * <p>All intensities are those of the preprocessed volumes; the body is the non-zero, finite voxels.
 * <ul>
 *   <li><b>Gain.</b> Each volume {@code v} is divided by the median {@code g(v)} of its body voxels, so a global
 *       gain (scanner, bias field's mean) cancels: {@code n = v / g(v)}.
 *   <li><b>Template.</b> {@code T = mean over the training split of n}, voxel by voxel (only the training split:
 *       the calibration and test cases play no part). One volume at a time is read; memory is the accumulator
 *       (8 bytes a voxel) and one volume, whatever the number of cases.
 *   <li><b>Residual.</b> {@code r = clamp(0.5 + n − T, 0.01, 1)} inside the body and {@code 0} outside: the
 *       background stays exactly zero (body offsets and foreground sampling rely on it) and no body voxel
 *       becomes zero. A voxel equal to the template reads 0.5; a lesion darker than the population's tissue
 *       reads below it.
 * </ul>
 *
 * <p>Labels are not used: positive cases are in the template too; their lesions are small and at different
 * places, so the mean barely moves.
 */
public final class TemplateResidual {
    /** The residual value of a voxel equal to the template. */
    public static final double MID = 0.5;
    /** The lowest residual inside the body (keeps body voxels non-zero). */
    public static final double FLOOR = 0.01;

    private TemplateResidual() {}

    /** Median of the body (non-zero, finite) voxels of {@code v}; the gain that {@link #normalised} divides by. */
    public static double gain(Volume v, String source) throws InvalidInputException {
        boolean any = false;
        for (float x : v.data()) {
            if (x != 0 && Float.isFinite(x)) {
                any = true;
                break;
            }
        }
        if (!any) {
            throw new InvalidInputException(source, "image", "has no non-zero voxel: no body to normalise");
        }
        double g = Percentiles.ofNonZero(v.data(), 50)[0];
        if (!(g > 0)) {
            throw new InvalidInputException(
                    source,
                    "image",
                    "the median of its non-zero voxels is " + g + "; residuals need positive intensities (preprocess"
                            + " to [0, 1] first)");
        }
        return g;
    }

    /** The voxel-wise mean of the gain-normalised volumes added to it ({@link #add}); shape {@code (nx, ny, nz)}. */
    public static final class Template {
        private final Volume first;
        private final String firstSource;
        private final double[] sum;
        private int count;

        /** An empty template on the grid of {@code first} (not added). */
        public Template(Volume first, String firstSource) {
            this.first = first;
            this.firstSource = firstSource;
            this.sum = new double[first.voxelCount()];
        }

        /** Adds the gain-normalised {@code v}, read from {@code source}; it must be on the template's grid. */
        public void add(Volume v, String source) throws InvalidInputException {
            checkGrid(v, source, first, firstSource);
            double g = gain(v, source);
            float[] d = v.data();
            for (int i = 0; i < d.length; i++) {
                if (d[i] != 0 && Float.isFinite(d[i])) {
                    sum[i] += d[i] / g;
                }
            }
            count++;
        }

        /** Number of volumes added. */
        public int count() {
            return count;
        }

        /** The mean, as a volume with the first volume's geometry. */
        public Volume mean() {
            if (count == 0) {
                throw new IllegalStateException("a template of no volumes");
            }
            float[] out = new float[sum.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (sum[i] / count);
            }
            return first.withData(out);
        }
    }

    /**
     * {@code v} with every voxel outside {@code foreground} (a body mask of the same shape, {@link Masks#isSet}) set to
     * zero, so that the body of {@link #gain}, {@link Template#add} and {@link #residual} is the preprocessing's
     * body mask and not every non-zero voxel (an MR's background noise stays out of the template).
     */
    public static Volume insideBody(Volume v, Volume foreground, String source) throws InvalidInputException {
        if (!v.sameShape(foreground)) {
            throw new InvalidInputException(
                    source,
                    "dim",
                    "shape " + Arrays.toString(v.shape()) + " differs from its body mask's "
                            + Arrays.toString(foreground.shape()));
        }
        float[] d = v.data();
        float[] m = foreground.data();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = Masks.isSet(m[i]) ? d[i] : 0f;
        }
        return v.withData(out);
    }

    /** The residual of {@code v} (read from {@code source}) to {@code template} (class Javadoc). */
    public static Volume residual(Volume v, String source, Volume template, String templateSource)
            throws InvalidInputException {
        checkGrid(v, source, template, templateSource);
        double g = gain(v, source);
        float[] d = v.data();
        float[] t = template.data();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            if (d[i] != 0 && Float.isFinite(d[i])) {
                out[i] = (float) Math.min(1.0, Math.max(FLOOR, MID + d[i] / g - t[i]));
            }
        }
        return v.withData(out);
    }

    private static void checkGrid(Volume v, String source, Volume like, String likeSource)
            throws InvalidInputException {
        if (!v.sameShape(like)) {
            throw new InvalidInputException(
                    source,
                    "dim",
                    "shape " + Arrays.toString(v.shape()) + " differs from " + Arrays.toString(like.shape()) + " of "
                            + likeSource + "; residuals to a template need every case on one grid (register the"
                            + " scans to a common space and preprocess them to one shape first)");
        }
    }

    /**
     * The template of {@code d}'s training split, written to {@code outDir/template.nii.gz}, and every case's
     * residual, written to {@code outDir/images/ID.nii.gz}; returns the new dataset (written to
     * {@code outDir/dataset.json}), whose masks, boxes, labels and splits are the input's.
     *
     * @throws InvalidInputException naming the file when a case is on another grid or has no body, and the
     *                               manifest when it has no training case
     */
    public static Dataset run(Dataset d, Path outDir) throws IOException, InvalidInputException {
        List<CaseEntry> train = d.cases(Split.TRAIN);
        if (train.isEmpty()) {
            throw new InvalidInputException(
                    d.name(), "split", "no case in the train split: the template is the training cases' mean");
        }
        Template template = null;
        for (CaseEntry c : train) {
            Volume v = Nifti.read(c.image());
            if (template == null) {
                template = new Template(v, c.image().toString());
            }
            template.add(v, c.image().toString());
        }
        Volume mean = template.mean();
        Path images = Files.createDirectories(outDir.resolve("images"));
        Path templatePath = outDir.resolve("template.nii.gz");
        Nifti.writeFloat32(mean, templatePath);
        List<CaseEntry> out = new ArrayList<>();
        for (CaseEntry c : d.cases()) {
            Volume r = residual(Nifti.read(c.image()), c.image().toString(), mean, templatePath.toString());
            Path img = images.resolve(c.id() + ".nii.gz");
            Nifti.writeFloat32(r, img);
            out.add(new CaseEntry(
                    c.id(),
                    img.toAbsolutePath(),
                    c.label(),
                    c.mask() == null ? null : c.mask().toAbsolutePath(),
                    c.boxes(),
                    c.split()));
        }
        Dataset result = new Dataset(d.name() + "-residual", out);
        result.write(outDir.resolve("dataset.json"));
        return result;
    }
}
