package io.tonno.imaging.synth;

import io.tonno.imaging.SpecName;

/**
 * How hard a synthetic dataset is for a weakly supervised classifier. Both levels share the body, organs,
 * vessels, cysts, texture and noise of {@link SyntheticCase}; they differ in the numbers below.
 *
 * <ul>
 *   <li>{@link #STANDARD} (the default): lesions of radius {@code max(2, n/12)} to {@code max(3.5, n/6)}
 *       voxels, always bright (+0.25..+0.45 over the tissue), 1–3 faint vessels (+0.05..+0.15), at most one
 *       cyst, noise σ 0.02. A ResNet-10-T trained from scratch on CPU for a few hundred steps separates the
 *       classes, while the lesion-like vessels and organs keep 2D CAM baselines from scoring perfectly.</li>
 *   <li>{@link #HARD}: lesions of radius 1.5 to {@code max(2.5, n/9)} voxels, 20% of them dark, contrast
 *       ±0.08..0.35, 2–5 vessels as bright as lesions, 0–2 cysts, noise σ 0.025. Close to the small, subtle
 *       lesions of real data; it needs far more training than a CPU affords.</li>
 * </ul>
 */
public enum Difficulty implements SpecName {
    STANDARD(1.0 / 12, 2.0, 1.0 / 6, 3.5, 0.0, 0.25, 0.45, 1, 3, 0.05, 0.15, 1, 0.02),
    HARD(0, 1.5, 1.0 / 9, 2.5, 0.2, 0.08, 0.35, 2, 5, 0.1, 0.3, 2, 0.025);

    final double lesionMinFraction;
    final double lesionMinVoxels;
    final double lesionMaxFraction;
    final double lesionMaxVoxels;
    final double darkLesionProbability;
    final double lesionContrastLow;
    final double lesionContrastHigh;
    final int vesselsMin;
    final int vesselsMax;
    final double vesselContrastLow;
    final double vesselContrastHigh;
    final int cystsMax;
    final double noiseSigma;

    Difficulty(
            double lesionMinFraction,
            double lesionMinVoxels,
            double lesionMaxFraction,
            double lesionMaxVoxels,
            double darkLesionProbability,
            double lesionContrastLow,
            double lesionContrastHigh,
            int vesselsMin,
            int vesselsMax,
            double vesselContrastLow,
            double vesselContrastHigh,
            int cystsMax,
            double noiseSigma) {
        this.lesionMinFraction = lesionMinFraction;
        this.lesionMinVoxels = lesionMinVoxels;
        this.lesionMaxFraction = lesionMaxFraction;
        this.lesionMaxVoxels = lesionMaxVoxels;
        this.darkLesionProbability = darkLesionProbability;
        this.lesionContrastLow = lesionContrastLow;
        this.lesionContrastHigh = lesionContrastHigh;
        this.vesselsMin = vesselsMin;
        this.vesselsMax = vesselsMax;
        this.vesselContrastLow = vesselContrastLow;
        this.vesselContrastHigh = vesselContrastHigh;
        this.cystsMax = cystsMax;
        this.noiseSigma = noiseSigma;
    }

    /** Smallest lesion base radius in voxels for cubes of edge {@code n}. */
    double lesionMinRadius(int n) {
        return Math.max(lesionMinVoxels, n * lesionMinFraction);
    }

    /** Largest lesion base radius in voxels for cubes of edge {@code n}. */
    double lesionMaxRadius(int n) {
        return Math.max(lesionMaxVoxels, n * lesionMaxFraction);
    }

    /** Parses {@code standard} or {@code hard} (any case). */
    public static Difficulty parse(String id) {
        return SpecName.find(Difficulty.class, id)
                .orElseThrow(
                        () -> new IllegalArgumentException("difficulty must be standard or hard, got '" + id + "'"));
    }
}
