package io.tonno.cli.bench;

import picocli.CommandLine.Option;

/**
 * ToNNO's sampling as the benches that reconstruct at one sampling take it ({@code tonno bench cam} and
 * {@code saturation}): a picocli mixin of the directions {@code L} and the slices per direction {@code M}, with the
 * bench's own defaults.
 */
final class SamplingOptions {
    @Option(names = "--directions", description = "Directions L. Default: ${DEFAULT-VALUE}.")
    int directions;

    @Option(names = "--slices", description = "Slices per direction M. Default: ${DEFAULT-VALUE}.")
    int slices;

    /**
     * The options with the bench's defaults.
     *
     * @param directions the default {@code L}
     * @param slices     the default {@code M}
     */
    SamplingOptions(int directions, int slices) {
        this.directions = directions;
        this.slices = slices;
    }
}
