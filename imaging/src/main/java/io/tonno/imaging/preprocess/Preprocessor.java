package io.tonno.imaging.preprocess;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.io.DicomSeries;
import io.tonno.imaging.io.Nifti;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link Preset} to volumes and datasets.
 *
 * <p>Order: (1) resample to {@code spacingMm} (trilinear image, nearest mask); (2) normalise intensities;
 * (3) compute the {@link ForegroundMask}; (4) optionally crop to the foreground's bounding box plus the
 * margin; (5) optionally pad every axis, centred, to the longest ({@code padToCube}); (6) optionally pad or crop,
 * centred, to {@code shape} (image padded with its minimum, masks with 0).
 * Index mapping: output voxel {@code p} comes from input index {@code (p + offset) · ratio} per axis, and
 * the output affine keeps every voxel at its world position.
 *
 * <p>{@link #run} writes, per case, {@code OUT/{id}/image.nii.gz} (float32), {@code mask.nii.gz} (uint8,
 * when the case has a mask) and {@code foreground.nii.gz} (uint8 body mask, see {@link #foregroundPath}),
 * then {@code OUT/dataset.json} with paths relative to it and boxes mapped to the new grid. Cases run one
 * after the other (each resampling is parallel), so memory is bounded by one case: for a 512×512×300 CT
 * about 2.5× its float size.
 */
public final class Preprocessor {
    private static final Logger LOG = LoggerFactory.getLogger(Preprocessor.class);

    /** File name of the body mask stored next to each preprocessed image. */
    public static final String FOREGROUND_FILE = "foreground.nii.gz";

    private Preprocessor() {}

    /**
     * The preprocessed volumes of one case and the index mapping.
     *
     * @param mask   the preprocessed mask, or {@code null}
     * @param ratio  per axis, input index per output index step
     * @param offset per axis, output index 0 sits at resampled index {@code offset}
     */
    public record Result(Volume image, Volume mask, Volume foreground, double[] ratio, int[] offset) {
        /** Maps an inclusive box of input indices to output indices; {@code null} when it leaves the output. */
        public Box mapBox(Box b) {
            int[] lo = {b.i0(), b.j0(), b.k0()};
            int[] hi = {b.i1(), b.j1(), b.k1()};
            int[] shape = image.shape();
            int[] nlo = new int[3];
            int[] nhi = new int[3];
            for (int a = 0; a < 3; a++) {
                nlo[a] = Math.max(0, (int) Math.floor(lo[a] / ratio[a] + 1e-9) - offset[a]);
                nhi[a] = Math.min(shape[a] - 1, (int) Math.ceil(hi[a] / ratio[a] - 1e-9) - offset[a]);
                if (nhi[a] < nlo[a]) {
                    return null;
                }
            }
            return new Box(nlo[0], nlo[1], nlo[2], nhi[0], nhi[1], nhi[2]);
        }
    }

    /** Where the body mask of a preprocessed image is stored: {@code foreground.nii.gz} in the same folder. */
    public static Path foregroundPath(Path preprocessedImage) {
        return preprocessedImage.resolveSibling(FOREGROUND_FILE);
    }

    /** Preprocesses one image (and its mask, which may be {@code null}); inputs are not modified. */
    public static Result process(Volume image, Volume mask, Preset p) {
        if (mask != null && !mask.sameShape(image)) {
            throw new IllegalArgumentException("mask " + mask + " does not match image " + image);
        }
        Volume img = image;
        Volume msk = mask;
        double[] ratio = {1, 1, 1};
        if (p.spacingMm() != null) {
            double[] target = {p.spacingMm(), p.spacingMm(), p.spacingMm()};
            ratio = Resampler.ratios(image, target);
            img = Resampler.resample(image, target, false);
            msk = mask == null ? null : Resampler.resample(mask, target, true);
        } else {
            img = image.copy();
        }
        switch (p.intensity()) {
            case WINDOW -> Intensity.window(img.data(), p.lo(), p.hi());
            case PERCENTILE -> Intensity.percentile(img.data(), p.lo(), p.hi());
            case ZSCORE -> Intensity.zscore(img.data());
            case NONE -> {}
            default -> throw new IllegalStateException("unhandled mode " + p.intensity());
        }
        Volume fg = ForegroundMask.compute(img, p.foregroundThreshold());
        int[] offset = {0, 0, 0};
        int[] shape = img.shape();
        if (p.cropToForeground()) {
            int[] b = CropPad.nonZeroBounds(fg);
            if (b != null) {
                for (int a = 0; a < 3; a++) {
                    int lo = Math.max(0, b[a] - p.cropMarginVoxels());
                    int hi = Math.min(shape[a] - 1, b[a + 3] + p.cropMarginVoxels());
                    offset[a] = lo;
                    shape[a] = hi - lo + 1;
                }
            } else {
                LOG.warn("empty foreground (threshold {}); not cropping", p.foregroundThreshold());
            }
        }
        if (p.padToCube()) {
            int edge = Math.max(shape[0], Math.max(shape[1], shape[2]));
            for (int a = 0; a < 3; a++) {
                offset[a] += CropPad.centredOffset(shape[a], edge);
                shape[a] = edge;
            }
        }
        if (p.shape() != null) {
            for (int a = 0; a < 3; a++) {
                offset[a] += CropPad.centredOffset(shape[a], p.shape()[a]);
                shape[a] = p.shape()[a];
            }
        }
        if (p.cropToForeground() || p.padToCube() || p.shape() != null) {
            float fill = min(img.data());
            img = CropPad.extract(img, offset, shape, fill);
            fg = CropPad.extract(fg, offset, shape, 0f);
            msk = msk == null ? null : CropPad.extract(msk, offset, shape, 0f);
        }
        return new Result(img, msk, fg, ratio, offset);
    }

    /** Preprocesses every case of {@code d} into {@code outDir} with the dcm2niix on the PATH for DICOM folders. */
    public static Dataset run(Dataset d, Preset p, Path outDir) throws IOException, InvalidInputException {
        return run(d, p, outDir, null);
    }

    /**
     * Preprocesses every case of {@code d} into {@code outDir}; returns the new dataset (also written).
     *
     * @param dcm2niix the dcm2niix executable that reads DICOM folders ({@link DicomSeries}), or null for the PATH's
     */
    public static Dataset run(Dataset d, Preset p, Path outDir, Path dcm2niix)
            throws IOException, InvalidInputException {
        Files.createDirectories(outDir);
        List<CaseEntry> out = new ArrayList<>();
        for (CaseEntry c : d.cases()) {
            long t0 = System.nanoTime();
            Volume image = Files.isDirectory(c.image()) ? DicomSeries.read(c.image(), dcm2niix) : Nifti.read(c.image());
            Volume mask = null;
            if (c.mask() != null) {
                mask = Nifti.read(c.mask());
                if (!mask.sameShape(image)) {
                    throw new InvalidInputException(
                            c.mask().toString(),
                            "dim",
                            "mask shape "
                                    + java.util.Arrays.toString(mask.shape()) + " differs from image shape "
                                    + java.util.Arrays.toString(image.shape()));
                }
            }
            Result r = process(image, mask, p);
            Path caseDir = Files.createDirectories(outDir.resolve(c.id()));
            Path img = caseDir.resolve("image.nii.gz");
            Nifti.writeFloat32(r.image(), img);
            Nifti.writeUint8(r.foreground(), foregroundPath(img));
            Path msk = null;
            if (r.mask() != null) {
                msk = caseDir.resolve("mask.nii.gz");
                Nifti.writeUint8(r.mask(), msk);
            }
            List<Box> boxes = new ArrayList<>();
            for (Box b : c.boxes()) {
                Box nb = r.mapBox(b);
                if (nb == null) {
                    LOG.warn("case {}: box {} lies outside the preprocessed volume; dropped", c.id(), b);
                } else {
                    boxes.add(nb);
                }
            }
            out.add(new CaseEntry(
                    c.id(),
                    img.toAbsolutePath(),
                    c.label(),
                    msk == null ? null : msk.toAbsolutePath(),
                    boxes,
                    c.split()));
            LOG.info(
                    "preprocessed {} {} -> {} in {} ms",
                    c.id(),
                    java.util.Arrays.toString(image.shape()),
                    java.util.Arrays.toString(r.image().shape()),
                    (System.nanoTime() - t0) / 1_000_000);
        }
        Dataset result = new Dataset(d.name() + "-" + p.name(), out);
        result.write(outDir.resolve("dataset.json"));
        return result;
    }

    private static float min(float[] d) {
        float m = Float.POSITIVE_INFINITY;
        for (float x : d) {
            m = Math.min(m, x);
        }
        return Float.isFinite(m) ? m : 0f;
    }
}
