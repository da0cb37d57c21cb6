package io.tonno.workflows.experiment;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.tonno.workflows.spec.ExperimentSpec;

/**
 * A whole experiment as one durable workflow (type {@code ExperimentWorkflow}, queue {@code tonno}):
 * validate, preprocess, train, calibrate, reconstruct, evaluate, report. Its single argument is
 * one JSON object, so it can be started from the Temporal UI. A bad spec fails it at once with a
 * non-retryable {@code InvalidInput} failure listing every field at fault.
 */
@WorkflowInterface
public interface ExperimentWorkflow {
    /** Runs the experiment and returns its scores and the keys of its results and report. */
    @WorkflowMethod
    ExperimentResult run(ExperimentSpec spec);

    /** Holds the experiment before its next activity (running activities finish). */
    @SignalMethod
    void pause();

    /** Continues a paused experiment. */
    @SignalMethod
    void resume();

    /**
     * Ends training after the running segment and goes on with the checkpoint reached; later stages
     * run as usual.
     */
    @SignalMethod
    void stopEarly();

    /** Where the experiment stands. */
    @QueryMethod
    Progress progress();
}
