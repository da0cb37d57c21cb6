package io.tonno.cli.local;

import io.tonno.classifier.nn.Engines;
import io.tonno.cli.OptionChecks;
import io.tonno.imaging.InvalidInputException;
import picocli.CommandLine.Option;

/**
 * The {@code --threads} option of the verbs whose slicing, backprojection and network all run on every core unless
 * told otherwise ({@code tonno reconstruct}, {@code cam} and {@code compare}, {@code tonno bench cam},
 * {@code saturation}, {@code convergence} and {@code tomography}): a picocli mixin. The value is a thread count; 0
 * means all cores.
 */
public final class ThreadsOption {
    @Option(names = "--threads", defaultValue = "0", description = "Threads, 0 = all cores.")
    int threads;

    /** The thread count given, as the settings take it: 0 = all cores. */
    public int count() {
        return threads;
    }

    /** Checks that the thread count given is not negative: an error naming {@code --threads} otherwise. */
    public void check() throws InvalidInputException {
        OptionChecks.check(threads >= 0, "--threads", "must be >= 0, got " + threads);
    }

    /** The threads that run: the count given, or the machine's cores for 0. */
    public int used() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** Gives the engine ({@link Engines#setThreads}) the count given; 0 leaves the engine's own. */
    public void applyToEngine() {
        if (threads > 0) {
            Engines.setThreads(threads);
        }
    }
}
