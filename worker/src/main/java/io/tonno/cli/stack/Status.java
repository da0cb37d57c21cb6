package io.tonno.cli.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowStub;
import io.tonno.activities.support.TonnoJson;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.ProcessSettings;
import io.tonno.workflows.experiment.ExperimentResult;
import io.tonno.workflows.experiment.Progress;
import picocli.CommandLine.Command;

/** {@code tonno status ID}: the state of an experiment, its progress, and its result when done. */
@Command(name = "status", description = "Show an experiment's status and progress (and its result when it has ended).")
public final class Status extends ExperimentCommand {
    @Override
    int run(ProcessSettings settings, WorkflowClient client, WorkflowStub stub) throws Exception {
        WorkflowExecutionStatus status = stub.describe().getStatus();
        System.out.println(id + ": "
                + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase());
        ObjectMapper json = TonnoJson.newMapper();
        if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
            System.out.println(json.writeValueAsString(stub.query("progress", Progress.class)));
            return ExitCodes.OK;
        }
        return printResult(stub, id);
    }

    private static int printResult(WorkflowStub stub, String id) throws Exception {
        ObjectMapper json = TonnoJson.newMapper();
        try {
            ExperimentResult result = stub.getResult(ExperimentResult.class);
            System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            return ExitCodes.OK;
        } catch (WorkflowException e) {
            System.err.println(id + " failed: " + Experiments.failure(e));
            return ExitCodes.FAILED;
        }
    }
}
