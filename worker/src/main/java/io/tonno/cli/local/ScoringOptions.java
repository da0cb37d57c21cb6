package io.tonno.cli.local;

import io.tonno.cli.OptionChecks;
import io.tonno.evaluation.calibration.Normalization;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.label.Connectivity;
import picocli.CommandLine.Option;

/**
 * The scoring options that {@code tonno evaluate} and {@code tonno compare} share, a picocli mixin: how heatmaps
 * are scaled before thresholding, and which voxels touch in a lesion component.
 */
public final class ScoringOptions {
    @Option(
            names = "--normalization",
            defaultValue = "raw",
            paramLabel = "raw|max|percentile:P",
            description = "Heatmap scaling before thresholding.")
    String normalization;

    @Option(names = "--connectivity", defaultValue = "26", paramLabel = "6|18|26", description = "Lesion connectivity.")
    int connectivity;

    /** {@code --normalization} parsed; a bad value is an error naming the option. */
    Normalization normalization() throws InvalidInputException {
        return OptionChecks.parse("--normalization", () -> Normalization.parse(normalization));
    }

    /** {@code --connectivity} as 6, 18 or 26 neighbours; anything else is an error naming the option. */
    Connectivity connectivity() throws InvalidInputException {
        return OptionChecks.connectivity("--connectivity", connectivity);
    }
}
