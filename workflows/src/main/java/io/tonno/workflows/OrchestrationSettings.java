package io.tonno.workflows;

/**
 * Deployment settings the workflow implementations need: the task-queue names and whether to
 * upsert search attributes. Passed to the implementations through their constructors by the worker
 * (see {@code TonnoPlugin}); they are not part of the spec because they describe the cluster, not
 * the experiment. Changing them does not break replay of running workflows.
 *
 * @param queues           the task-queue names
 * @param searchAttributes upsert {@code ExperimentId} and {@code Stage} (Keyword search attributes
 *                         that must exist in the namespace; off by default)
 */
public record OrchestrationSettings(TaskQueues queues, boolean searchAttributes) {
    /** Default queue names, no search attributes. */
    public static final OrchestrationSettings DEFAULT = new OrchestrationSettings(TaskQueues.DEFAULT, false);

    public OrchestrationSettings {
        queues = queues == null ? TaskQueues.DEFAULT : queues;
    }
}
