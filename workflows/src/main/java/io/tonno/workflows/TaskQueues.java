package io.tonno.workflows;

import java.util.Objects;

/**
 * The three task queues tonno uses. Workflows run on {@link #workflow()}; CPU-bound activities
 * (dataset, preprocessing, evaluation, stage manifests) on {@link #cpu()}; activities that need the
 * network's device (training, reconstruction chunks, reduce) on {@link #gpu()}. The names are
 * configurable so that several tonno deployments can share one Temporal namespace.
 *
 * @param workflow queue of {@code ExperimentWorkflow} and {@code ReconstructionWorkflow}
 * @param cpu      queue of {@code DataActivities}, {@code EvaluationActivities}, {@code StageActivities}
 * @param gpu      queue of {@code TrainingActivities} and {@code ReconstructionActivities}
 */
public record TaskQueues(String workflow, String cpu, String gpu) {
    public static final String WORKFLOW = "tonno";
    public static final String CPU = "tonno-cpu";
    public static final String GPU = "tonno-gpu";

    /** The default names {@code tonno}, {@code tonno-cpu}, {@code tonno-gpu}. */
    public static final TaskQueues DEFAULT = new TaskQueues(WORKFLOW, CPU, GPU);

    public TaskQueues {
        Objects.requireNonNull(workflow, "workflow queue");
        Objects.requireNonNull(cpu, "cpu queue");
        Objects.requireNonNull(gpu, "gpu queue");
    }
}
