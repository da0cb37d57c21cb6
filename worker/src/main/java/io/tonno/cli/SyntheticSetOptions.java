package io.tonno.cli;

import io.tonno.imaging.synth.SynthSettings;
import picocli.CommandLine.Option;

/**
 * The synthetic lesion set a verb generates for itself ({@code tonno demo}, {@code tonno bench worker-memory}): a
 * picocli mixin of its case count and its volumes' edge in voxels, with the verb's own defaults.
 */
public final class SyntheticSetOptions {
    /** The case count. */
    @Option(names = "--cases", description = "Synthetic cases.")
    public int cases;

    /** The volumes' edge, in voxels (volumes of {@code size³}). */
    @Option(names = "--size", description = "Synthetic volume edge in voxels.")
    public int size;

    /**
     * The options with the verb's defaults.
     *
     * @param cases the default case count
     * @param size  the default volume edge, in voxels
     */
    public SyntheticSetOptions(int cases, int size) {
        this.cases = cases;
        this.size = size;
    }

    /**
     * The set's settings: the cases and size given, {@code seed}, half the cases with lesions.
     *
     * @throws IllegalArgumentException when the cases or size are out of {@link SynthSettings}' range
     */
    public SynthSettings settings(long seed) {
        return new SynthSettings(cases, size, seed, 0.5);
    }
}
