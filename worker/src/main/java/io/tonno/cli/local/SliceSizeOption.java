package io.tonno.cli.local;

import io.tonno.cli.OptionChecks;
import io.tonno.imaging.InvalidInputException;
import picocli.CommandLine.Option;

/**
 * The {@code --slice-size} option of the verbs that cut slices of a volume ({@code tonno reconstruct}, {@code cam}
 * and {@code compare}, {@code tonno bench cam}, {@code convergence}, {@code saturation}, {@code orchestration},
 * {@code soak} and {@code worker-memory}): a picocli mixin of the slices' side {@code S} in pixels, the network's
 * input, with the verb's own default.
 */
public final class SliceSizeOption {
    @Option(
            names = "--slice-size",
            description = "Slice size S (S x S pixels), the network's input. Default: ${DEFAULT-VALUE}.")
    int sliceSize;

    /**
     * The option with the verb's default.
     *
     * @param size the default {@code S}
     */
    public SliceSizeOption(int size) {
        this.sliceSize = size;
    }

    /** The slice size given, {@code S}. */
    public int size() {
        return sliceSize;
    }

    /** Checks that the slice size given is at least {@code min}: an error naming {@code --slice-size} otherwise. */
    public void check(int min) throws InvalidInputException {
        OptionChecks.check(sliceSize >= min, "--slice-size", "must be >= " + min + ", got " + sliceSize);
    }
}
