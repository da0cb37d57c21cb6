package io.tonno.cli.local;

import io.tonno.cli.OptionChecks;
import io.tonno.imaging.InvalidInputException;
import picocli.CommandLine.Option;

/**
 * The {@code --slice-size} option of the verbs that cut slices of a volume: a picocli mixin of the slices' side
 * {@code S} in pixels, the network's input, with the verb's own default. {@code tonno cam}, {@code tonno bench
 * convergence} and {@code worker-memory} take it alone, the verbs that reconstruct at one sampling as part of
 * {@link SamplingOptions}.
 */
public final class SliceSizeOption {
    @Option(names = "--slice-size", description = "Slice size S (S x S pixels), the network's input.")
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
