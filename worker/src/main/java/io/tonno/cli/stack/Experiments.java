package io.tonno.cli.stack;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.cli.ProcessSettings;
import io.tonno.workflows.experiment.ExperimentResult;
import io.tonno.workflows.experiment.ExperimentWorkflow;
import io.tonno.workflows.spec.ExperimentSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How the verbs and the benches address an experiment's {@link ExperimentWorkflow}: the options of a run (the
 * settings' workflow queue, the experiment id as workflow id), starting one, and the one-line texts of its outcome
 * (why it failed, its final loss, its cached stages, its results table).
 */
public final class Experiments {
    private Experiments() {}

    /**
     * The options of the run of experiment {@code id} on the settings' workflow queue; the caller adds its id
     * policies, if any, and builds them.
     */
    static WorkflowOptions.Builder options(ProcessSettings settings, String id) {
        return WorkflowOptions.newBuilder()
                .setTaskQueue(settings.plugin().queues().workflow())
                .setWorkflowId(id);
    }

    /** Starts {@code spec} as experiment {@code id} (the server's default id policies); returns the run's stub. */
    public static ExperimentWorkflow start(
            WorkflowClient client, ProcessSettings settings, String id, ExperimentSpec spec) {
        ExperimentWorkflow workflow = client.newWorkflowStub(
                ExperimentWorkflow.class, options(settings, id).build());
        WorkflowClient.start(workflow::run, spec);
        return workflow;
    }

    /** Why an experiment failed: the application failure's own message, else its cause's. */
    static String failure(WorkflowException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return cause instanceof ApplicationFailure a ? a.getOriginalMessage() : cause.getMessage();
    }

    /** The final training loss with 4 decimals, or {@code none}. */
    static String finalLoss(ExperimentResult result) {
        return result.finalLoss() == null ? "none" : String.format(Locale.ROOT, "%.4f", result.finalLoss());
    }

    /** The stages taken from the store, comma-separated, or {@code none}. */
    static String cachedStages(ExperimentResult result) {
        return result.skippedStages().isEmpty() ? "none" : String.join(", ", result.skippedStages());
    }

    /** The results table stored at {@code key} (Markdown), without its surrounding blank lines. */
    static String table(ArtifactStore store, String key) throws IOException {
        return new String(store.get(key), StandardCharsets.UTF_8).strip();
    }
}
