package io.tonno.cli;

import io.tonno.imaging.InvalidInputException;
import java.io.PrintWriter;
import java.util.function.Consumer;

/** Exit codes of the verbs. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The experiment failed, or the request could not be carried out. */
    public static final int FAILED = 1;
    /** Bad input: the message names the file and field. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {}

    /** A verb's work; returns its exit code. */
    public interface Work {
        int run() throws Exception;
    }

    /**
     * {@code work}'s exit code, or {@link #BAD_INPUT} when it rejects its input, after printing
     * {@code "VERB: message"} on standard error.
     */
    public static int orBadInput(String verb, Work work) throws Exception {
        return orBadInput(verb, line -> System.err.println(line), work);
    }

    /** The same, the message printed (and flushed) on {@code err}, the command line's own error writer. */
    public static int orBadInput(String verb, PrintWriter err, Work work) throws Exception {
        return orBadInput(
                verb,
                line -> {
                    err.println(line);
                    err.flush();
                },
                work);
    }

    private static int orBadInput(String verb, Consumer<String> err, Work work) throws Exception {
        try {
            return work.run();
        } catch (InvalidInputException | InvalidInputException.Unchecked e) {
            err.accept(verb + ": " + e.getMessage());
            return BAD_INPUT;
        }
    }
}
