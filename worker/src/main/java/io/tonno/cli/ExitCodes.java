package io.tonno.cli;

/** Exit codes of the verbs. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The experiment failed, or the request could not be carried out. */
    public static final int FAILED = 1;
    /** Bad input: the message names the file and field. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {}
}
