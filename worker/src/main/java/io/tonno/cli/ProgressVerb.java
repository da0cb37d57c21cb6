package io.tonno.cli;

import java.nio.file.Path;

/**
 * A verb that shows live progress ({@link ProgressDisplay}) rather than log records: its log file's path
 * is printed once when it starts ({@link VerbLogging}).
 */
public interface ProgressVerb {
    /** Whether this run shows progress (e.g. {@code submit} only with {@code --wait}). */
    default boolean showsProgress() {
        return true;
    }

    /** The directory whose {@code logs/} holds the log file. */
    default Path workDirectory() {
        return Path.of(".tonno");
    }
}
