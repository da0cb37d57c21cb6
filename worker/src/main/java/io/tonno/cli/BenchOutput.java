package io.tonno.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.activities.work.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What the benches share: their JSON lines on stdout and their working directory. */
final class BenchOutput {
    private BenchOutput() {
    }

    /** A bench's work in a directory. */
    interface Work {
        int run(Path root) throws Exception;
    }

    /** Prints one JSON line on stdout and flushes it, so that a long bench can be followed line by line. */
    static void line(ObjectMapper json, Map<String, Object> o) {
        try {
            System.out.println(json.writeValueAsString(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a benchmark line", e);
        }
        System.out.flush();
    }

    /**
     * Runs {@code work} in {@code dir} (created if missing, kept), or when {@code dir} is null in a new temporary
     * directory named after {@code prefix}, deleted afterwards.
     */
    static int inDirectory(Path dir, String prefix, Work work) throws Exception {
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
