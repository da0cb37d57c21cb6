package io.tonno.cli.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --dir} of the benches that work in a directory of their own ({@code tonno bench io}, {@code soak} and
 * {@code worker-memory}): a picocli mixin. A directory given is created if missing and kept; without one the bench
 * works in a new temporary directory, deleted at the end.
 */
final class WorkDirectoryOption {
    @Option(
            names = "--dir",
            description = "Work directory, kept (default: a new temporary directory, deleted at the end).")
    Path dir;

    /** {@code work} run in {@code --dir} or in a new temporary directory named after {@code prefix}. */
    <T> T run(String prefix, BenchOutput.Work<T> work) throws Exception {
        return BenchOutput.inDirectory(dir, prefix, work);
    }
}
