package io.tonno.cli.local;

import io.tonno.cli.OptionChecks;
import io.tonno.imaging.InvalidInputException;
import picocli.CommandLine.Option;

/**
 * The {@code --batch-size} option of the verbs that run a network on slices through the heatmap methods: a picocli
 * mixin of the slices per forward pass ({@code >= 1}; ScoreCAM: masked inputs per forward pass), with the verb's own
 * default. {@code tonno cam}, {@code tonno compare} and {@code tonno bench cam} take it; {@code tonno reconstruct}
 * declares its own, where {@code 0} leaves the batch to the scorer.
 */
public final class BatchSizeOption {
    @Option(names = "--batch-size", description = "Slices (ScoreCAM: masked inputs) per forward pass.")
    int batchSize;

    /**
     * The option with the verb's default.
     *
     * @param size the default slices per forward pass
     */
    public BatchSizeOption(int size) {
        this.batchSize = size;
    }

    /** The batch size given. */
    public int size() {
        return batchSize;
    }

    /** An error naming {@code --batch-size} unless it is at least 1. */
    public void check() throws InvalidInputException {
        OptionChecks.check(batchSize >= 1, "--batch-size", "must be >= 1, got " + batchSize);
    }
}
