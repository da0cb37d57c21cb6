package io.tonno.imaging.synth;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.dataset.Dataset;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes an MR brain lesion benchmark from a real anatomy: the skull-stripped Colin27 T1 template of the
 * Debian package {@code mricron-data} ({@link #DEFAULT_TEMPLATE}), warped per case and given 1–3 small
 * T1-hypointense white-matter lesions in positive cases (see {@link BrainCase} for every random variation and
 * its range, {@link BrainTemplate} for the white-matter segmentation, {@code docs/anatomy.md} for the whole
 * story).
 *
 * <p>Output, as {@link SyntheticDataset}: {@code images/caseNNN.nii.gz} (float32, {@code size³} isotropic
 * voxels of about {@code 1.1 · 180 / size} mm that the brain fills, white matter ≈ 0.6, 0 outside the
 * brain), {@code masks/caseNNN.nii.gz} (uint8 lesion masks, empty for negatives) and {@code dataset.json}
 * (one box per lesion, stratified train/calibration/test splits with both classes in each). The dataset
 * name is {@code brain-n{cases}-s{size}-seed{seed}}.
 *
 * <p>Determinism: the template is read and smoothed once; every case then depends only on its own seed, so
 * the same settings and template give byte-identical files whatever the thread scheduling.
 */
public final class BrainAnatomyDataset {
    /** Where {@code apt-get install mricron-data} puts the Colin27 skull-stripped T1 (1 mm, 181×217×181). */
    public static final Path DEFAULT_TEMPLATE = Path.of("/usr/share/mricron/templates/ch2bet.nii.gz");
    /** Smallest cube edge: below it a voxel is over 6 mm and the smallest lesions vanish. */
    public static final int MIN_SIZE = 32;
    /** Largest cube edge: beyond it voxels are finer than the 1 mm template. */
    public static final int MAX_SIZE = 256;
    /** Largest number of cases. */
    public static final int MAX_CASES = 10_000;

    private BrainAnatomyDataset() {}

    /**
     * Writes the benchmark under {@code outDir} and returns its manifest (as written to
     * {@code outDir/dataset.json}). {@link SynthSettings#difficulty()} does not apply and is ignored.
     *
     * @param template a skull-stripped T1 NIfTI (zero outside the brain, brain not touching the border)
     * @throws IllegalArgumentException if {@code s.size()} is outside {@link #MIN_SIZE}..{@link #MAX_SIZE} or
     *                                  {@code s.cases()} exceeds {@link #MAX_CASES}
     * @throws InvalidInputException    if the template is missing (the message says
     *                                  {@code apt-get install mricron-data}) or unusable, naming the file
     */
    public static Dataset write(Path outDir, SynthSettings s, Path template) throws IOException, InvalidInputException {
        return write(outDir, s, template, LesionContrast.STANDARD);
    }

    /**
     * As {@link #write(Path, SynthSettings, Path)} with each lesion's contrast drawn from {@code contrast}. The
     * random draws are the same whatever the range, so two sets that differ only in contrast have the same
     * anatomy, lesion places, sizes and shapes, and the same splits; only the lesions' intensity differs. A
     * set with a range other than {@link LesionContrast#STANDARD} is named
     * {@code brain-c{min}-{max}-n{cases}-s{size}-seed{seed}}.
     */
    public static Dataset write(Path outDir, SynthSettings s, Path template, LesionContrast contrast)
            throws IOException, InvalidInputException {
        checkSettings(s);
        TemplateGrid grid = new TemplateGrid(BrainTemplate.load(template), s.size());
        try {
            return write(outDir, s, grid, contrast);
        } catch (IllegalStateException e) {
            // A template with too little white matter to hold the lesions.
            throw new InvalidInputException(template.toString(), "data", e.getMessage(), e);
        }
    }

    /** Writes the benchmark from a template already prepared for {@code s.size()}. */
    static Dataset write(Path outDir, SynthSettings s, TemplateGrid grid) throws IOException {
        return write(outDir, s, grid, LesionContrast.STANDARD);
    }

    /** Writes the benchmark from a prepared template with lesion contrasts drawn from {@code contrast}. */
    static Dataset write(Path outDir, SynthSettings s, TemplateGrid grid, LesionContrast contrast) throws IOException {
        if (grid.n != s.size()) {
            throw new IllegalArgumentException("template grid is for " + grid.n + "^3, settings ask " + s.size());
        }
        return SyntheticDataset.write(
                outDir,
                s,
                contrast.standard() ? "brain" : "brain-c" + contrast.label(),
                (positive, r) -> BrainCase.generate(grid, positive, r, contrast).generated());
    }

    /** Refuses sizes and case counts this generator does not support, naming the setting. */
    static void checkSettings(SynthSettings s) {
        if (s.size() < MIN_SIZE || s.size() > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "size must be in " + MIN_SIZE + ".." + MAX_SIZE + " voxels for the brain anatomy, got " + s.size());
        }
        if (s.cases() > MAX_CASES) {
            throw new IllegalArgumentException("cases must be <= " + MAX_CASES + ", got " + s.cases());
        }
    }
}
