package io.tonno.workflows;

/** Failure types tonno workflows and activities use in {@code ApplicationFailure}. */
public final class Failures {
    /**
     * Input that can never succeed on retry (bad spec, bad dataset, malformed file); non-retryable.
     * The message names the JSON path, file or field at fault.
     */
    public static final String INVALID_INPUT = "InvalidInput";

    private Failures() {
    }
}
