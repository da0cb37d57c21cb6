package io.tonno.cli;

import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.tonno.imaging.InvalidInputException;
import io.tonno.workflows.experiment.ExperimentWorkflow;
import io.tonno.workflows.spec.ExperimentSpec;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tonno resume ID}: a paused experiment gets the {@code resume} signal; an experiment that
 * ended (failed, terminated, timed out, or completed) is started again with the spec of its last
 * run, and skips every stage whose manifest is in the store.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Resume a paused experiment, or relaunch an ended one with the same spec (finished stages are skipped).")
public final class Resume implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The workflow id (the experimentId).")
    String id;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        TonnoSettings settings;
        try {
            settings = connection.settings(Map.of());
        } catch (InvalidInputException e) {
            System.err.println("tonno resume: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        return ConnectionOptions.withClient("resume", settings, client -> {
            WorkflowStub current = client.newUntypedWorkflowStub(id);
            if (current.describe().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                current.signal("resume");
                System.out.println(id + ": resume signal sent");
                return ExitCodes.OK;
            }
            ExperimentSpec spec = originalSpec(client, id);
            ExperimentWorkflow workflow = client.newWorkflowStub(ExperimentWorkflow.class, WorkflowOptions.newBuilder()
                    .setTaskQueue(settings.queues().workflow()).setWorkflowId(id).build());
            String runId = WorkflowClient.start(workflow::run, spec).getRunId();
            System.out.println(id + ": relaunched (run " + runId + "); stages with a matching manifest are skipped");
            return ExitCodes.OK;
        });
    }

    /** The spec the last run of {@code id} was started with (from its first history event). */
    static ExperimentSpec originalSpec(WorkflowClient client, String id) {
        WorkflowExecutionHistory history = client.fetchHistory(id);
        HistoryEvent first = history.getEvents().get(0);
        Payloads input = first.getWorkflowExecutionStartedEventAttributes().getInput();
        return client.getOptions().getDataConverter().fromPayloads(0, java.util.Optional.of(input),
                ExperimentSpec.class, ExperimentSpec.class);
    }
}
