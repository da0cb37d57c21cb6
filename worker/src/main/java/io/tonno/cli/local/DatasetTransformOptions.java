package io.tonno.cli.local;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The input manifest and output folder of the verbs that write a dataset from another ({@code tonno preprocess},
 * {@code tonno residual}): a picocli mixin.
 */
public final class DatasetTransformOptions {
    /** The input manifest ({@code dataset.json} or {@code .csv}). */
    @Option(names = "--dataset", required = true, paramLabel = "MANIFEST", description = "dataset.json or .csv")
    public Path dataset;

    /** The output folder; the new manifest is {@code out/dataset.json}. */
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    public Path out;
}
