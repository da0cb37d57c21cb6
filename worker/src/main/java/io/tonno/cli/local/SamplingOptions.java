package io.tonno.cli.local;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * ToNNO's sampling as the verbs that reconstruct at one sampling take it ({@code tonno reconstruct} and
 * {@code compare}, {@code tonno bench cam}, {@code saturation}, {@code orchestration} and {@code soak}): a picocli
 * mixin of the directions {@code L}, the slices per direction {@code M} and the slices' size {@code S}, with the
 * verb's own defaults.
 */
public final class SamplingOptions {
    /** The directions {@code L}. */
    @Option(names = "--directions", description = "Directions L.")
    public int directions;

    /** The slices per direction {@code M}. */
    @Option(names = "--slices", description = "Slices per direction M (M+2 are sampled).")
    public int slices;

    /** The slices' size {@code S}, the network's input. */
    @Mixin
    public SliceSizeOption sliceSize;

    /**
     * The options with the verb's defaults.
     *
     * @param directions the default {@code L}
     * @param slices     the default {@code M}
     * @param sliceSize  the default {@code S}
     */
    public SamplingOptions(int directions, int slices, int sliceSize) {
        this.directions = directions;
        this.slices = slices;
        this.sliceSize = new SliceSizeOption(sliceSize);
    }
}
