package io.tonno.cli;

/** Exit codes of the verbs. */
final class ExitCodes {
    /** Success. */
    static final int OK = 0;
    /** The experiment failed, or the request could not be carried out. */
    static final int FAILED = 1;
    /** Bad input: the message names the file and field. */
    static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
