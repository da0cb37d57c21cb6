package io.tonno.imaging.synth;

/**
 * Settings of a synthetic lesion dataset.
 *
 * @param cases            number of cases, at least 6 (so each of the three splits gets both classes)
 * @param size             edge of the cubic volumes in voxels (spacing 1 mm), 16 to 512
 * @param seed             seed of the only random source; equal settings give identical files
 * @param positiveFraction fraction of cases with lesions, in (0, 1); rounded so that at least 3 cases of
 *                         each class exist
 * @param difficulty       lesion size, contrast and distractors ({@link Difficulty}); STANDARD by default
 */
public record SynthSettings(int cases, int size, long seed, double positiveFraction, Difficulty difficulty) {
    /** Settings at {@link Difficulty#STANDARD}. */
    public SynthSettings(int cases, int size, long seed, double positiveFraction) {
        this(cases, size, seed, positiveFraction, Difficulty.STANDARD);
    }

    public SynthSettings {
        java.util.Objects.requireNonNull(difficulty, "difficulty");
        if (cases < 6) {
            throw new IllegalArgumentException(
                    "cases must be >= 6 (both classes in train, calibration and test), got " + cases);
        }
        if (size < 16 || size > 512) {
            throw new IllegalArgumentException("size must be in 16..512 voxels, got " + size);
        }
        if (!(positiveFraction > 0 && positiveFraction < 1)) {
            throw new IllegalArgumentException("positive fraction must be in (0, 1), got " + positiveFraction);
        }
    }

    /** Number of positive cases: {@code round(cases * positiveFraction)} clamped to {@code [3, cases - 3]}. */
    public int positives() {
        return (int) Math.max(3, Math.min(cases - 3, Math.round(cases * positiveFraction)));
    }
}
