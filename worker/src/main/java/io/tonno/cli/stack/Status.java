package io.tonno.cli.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowStub;
import io.tonno.activities.support.TonnoJson;
import io.tonno.cli.ExitCodes;
import io.tonno.workflows.experiment.ExperimentResult;
import io.tonno.workflows.experiment.Progress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tonno status ID}: the state of an experiment, its progress, and its result when done. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show an experiment's status and progress (and its result when it has ended).")
public final class Status implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The workflow id (the experimentId).")
    String id;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        return connection.withClient("status", (settings, client) -> {
            WorkflowStub stub = client.newUntypedWorkflowStub(id);
            WorkflowExecutionStatus status = stub.describe().getStatus();
            System.out.println(id + ": "
                    + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase());
            ObjectMapper json = TonnoJson.newMapper();
            if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                System.out.println(json.writeValueAsString(stub.query("progress", Progress.class)));
                return ExitCodes.OK;
            }
            return printResult(stub, id);
        });
    }

    private static int printResult(WorkflowStub stub, String id) throws Exception {
        ObjectMapper json = TonnoJson.newMapper();
        try {
            ExperimentResult result = stub.getResult(ExperimentResult.class);
            System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            return ExitCodes.OK;
        } catch (WorkflowException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            System.err.println(id + " failed: "
                    + (cause instanceof io.temporal.failure.ApplicationFailure a
                            ? a.getOriginalMessage()
                            : cause.getMessage()));
            return ExitCodes.FAILED;
        }
    }
}
