package io.tonno.workflows;

import io.temporal.common.converter.DataConverterException;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import io.tonno.workflows.experiment.ExperimentWorkflow;
import io.tonno.workflows.experiment.ExperimentWorkflowImpl;
import io.tonno.workflows.reconstruction.ReconstructionWorkflow;
import io.tonno.workflows.reconstruction.ReconstructionWorkflowImpl;

/** Registers tonno's workflow implementations on a worker, the one way every worker does it. */
public final class WorkflowImplementations {
    /**
     * A spec whose JSON cannot be decoded at all (a string where a number belongs) would otherwise
     * fail the workflow <em>task</em>, which Temporal retries until the workflow times out: the
     * experiment would hang instead of failing. Listing {@link DataConverterException} fails the
     * workflow with Jackson's message, which names the field (e.g. {@code TrainingSpec["steps"]}).
     * Unknown fields never get here: the spec records collect them for the validator.
     */
    public static final WorkflowImplementationOptions OPTIONS = WorkflowImplementationOptions.newBuilder()
            .setFailWorkflowExceptionTypes(DataConverterException.class)
            .build();

    private WorkflowImplementations() {}

    /** Registers {@code ExperimentWorkflow} and {@code ReconstructionWorkflow} with {@code settings}. */
    public static void register(Worker worker, OrchestrationSettings settings) {
        worker.registerWorkflowImplementationFactory(
                ExperimentWorkflow.class, () -> new ExperimentWorkflowImpl(settings), OPTIONS);
        worker.registerWorkflowImplementationFactory(
                ReconstructionWorkflow.class, () -> new ReconstructionWorkflowImpl(settings), OPTIONS);
    }
}
