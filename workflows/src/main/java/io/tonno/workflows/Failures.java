package io.tonno.workflows;

/** Failure types tonno workflows and activities use in {@code ApplicationFailure}. */
public final class Failures {
    /**
     * Input that can never succeed on retry (bad spec, bad dataset, malformed file); non-retryable.
     * The message names the JSON path, file or field at fault.
     */
    public static final String INVALID_INPUT = "InvalidInput";

    /**
     * The worker's compute engine is misconfigured (e.g. the PyTorch engine computes wrong
     * convolutions without {@code ONEDNN_MAX_CPU_ISA=AVX2}); non-retryable, because results computed
     * there would be silently wrong. The message says how to fix the worker.
     */
    public static final String MISCONFIGURED_WORKER = "MisconfiguredWorker";

    private Failures() {}
}
