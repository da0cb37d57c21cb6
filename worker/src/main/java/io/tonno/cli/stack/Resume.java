package io.tonno.cli.stack;

import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.activities.support.TonnoJson;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.ProcessSettings;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.experiment.ExperimentWorkflow;
import io.tonno.workflows.spec.ExperimentSpec;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine.Command;

/**
 * {@code tonno resume ID}: a paused experiment gets the {@code resume} signal; an experiment that
 * ended (failed, terminated, timed out, or completed) is started again with the spec of its last
 * run (or, when the server has lost its history, with {@code experiments/{id}/spec.json} from the
 * artifact store), and skips every stage whose manifest is in the store; training continues from
 * {@code model/latest.json}.
 */
@Command(
        name = "resume",
        description =
                "Resume a paused experiment, or relaunch an ended one with the same spec (finished stages are skipped).")
public final class Resume extends ExperimentCommand {
    @Override
    int run(ProcessSettings settings, WorkflowClient client, WorkflowStub current) throws Exception {
        ExperimentSpec spec;
        String from;
        try {
            if (current.describe().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                current.signal("resume");
                System.out.println(id + ": resume signal sent");
                return ExitCodes.OK;
            }
            spec = originalSpec(client, id);
            from = "the spec of its last run";
        } catch (WorkflowNotFoundException e) {
            // The server forgot the experiment (the embedded test server restarted, or the
            // history was deleted): the store keeps the spec validateDataset wrote.
            spec = storedSpec(settings, id);
            if (spec == null) {
                System.err.println("tonno resume: no workflow " + id + " in namespace " + settings.namespace()
                        + " at " + settings.temporalAddress() + ", and no " + ArtifactKeys.spec(id)
                        + " in the artifact store");
                return ExitCodes.FAILED;
            }
            from = ArtifactKeys.spec(id) + " from the artifact store";
        }
        ExperimentWorkflow workflow = client.newWorkflowStub(
                ExperimentWorkflow.class,
                Experiments.options(settings, id)
                        // Resume is the explicit way to run a completed experiment again.
                        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                        .build());
        String runId;
        try {
            runId = WorkflowClient.start(workflow::run, spec).getRunId();
        } catch (WorkflowExecutionAlreadyStarted e) {
            System.out.println(id + ": already running (run " + e.getExecution().getRunId() + ")");
            return ExitCodes.OK;
        }
        System.out.println(
                id + ": relaunched (run " + runId + ") with " + from + "; stages with a matching manifest are skipped");
        return ExitCodes.OK;
    }

    /** The spec stored at {@code experiments/{id}/spec.json}, or null when there is none. */
    static ExperimentSpec storedSpec(ProcessSettings settings, String id) throws IOException {
        try (ArtifactStore store = MinioArtifactStore.connect(settings.plugin().store())) {
            byte[] bytes;
            try {
                bytes = store.get(ArtifactKeys.spec(id));
            } catch (NoSuchFileException e) {
                return null;
            }
            return TonnoJson.newMapper().readValue(bytes, ExperimentSpec.class);
        }
    }

    /** The spec the last run of {@code id} was started with (from its first history event). */
    static ExperimentSpec originalSpec(WorkflowClient client, String id) {
        WorkflowExecutionHistory history = client.fetchHistory(id);
        HistoryEvent first = history.getEvents().get(0);
        Payloads input = first.getWorkflowExecutionStartedEventAttributes().getInput();
        return client.getOptions()
                .getDataConverter()
                .fromPayloads(0, java.util.Optional.of(input), ExperimentSpec.class, ExperimentSpec.class);
    }
}
