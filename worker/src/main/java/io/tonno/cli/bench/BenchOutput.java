package io.tonno.cli.bench;

import io.tonno.activities.work.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benches share besides {@link JsonOutput}: their working directory. */
public final class BenchOutput {
    private BenchOutput() {}

    /** A bench's work in a directory, giving its result (an exit code, a measurement). */
    interface Work<T> {
        T run(Path root) throws Exception;
    }

    /**
     * Runs {@code work} in {@code dir} (created if missing, kept), or when {@code dir} is null in a new temporary
     * directory named after {@code prefix}, deleted afterwards.
     */
    static <T> T inDirectory(Path dir, String prefix, Work<T> work) throws Exception {
        boolean temporary = dir == null;
        Path root = temporary ? Files.createTempDirectory(prefix) : Files.createDirectories(dir);
        try {
            return work.run(root);
        } finally {
            if (temporary) {
                Workspace.deleteTree(root);
            }
        }
    }
}
