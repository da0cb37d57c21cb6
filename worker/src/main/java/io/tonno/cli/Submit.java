package io.tonno.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.tonno.activities.support.TonnoJson;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.workflows.experiment.ExperimentWorkflow;
import io.tonno.workflows.spec.ExperimentSpec;
import io.tonno.workflows.spec.SpecValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tonno submit SPEC.json [--wait]}: validates an experiment spec here (every problem named by
 * file and JSON path) and starts {@code ExperimentWorkflow} with the experiment id as workflow id.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Start an experiment (ExperimentWorkflow) from a spec file on any Temporal cluster.")
public final class Submit implements Callable<Integer> {
    /** Largest spec file read; Temporal's own limit on a workflow input is 2 MB. */
    static final long MAX_SPEC_BYTES = 2L << 20;

    @Parameters(index = "0", paramLabel = "SPEC.json", description = "The experiment spec.")
    Path specFile;

    @Option(names = "--wait", description = "Follow progress until the experiment ends and print its result.")
    boolean await;

    @Option(names = "--workflow-id", description = "Workflow id (default: the spec's experimentId).")
    String workflowId;

    @Option(names = "--dry-run", description = "Only validate: the spec, and the dataset manifest with an experiment's"
            + " rules when it is a file on this machine; connects to nothing. Exit code 2 on bad input.")
    boolean dryRun;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        ExperimentSpec spec;
        TonnoSettings settings;
        try {
            spec = readSpec(specFile);
            if (dryRun) {
                int cases = checkLocalDataset(spec);
                System.out.println("{\"experimentId\":\"" + spec.experimentId() + "\",\"valid\":true,\"datasetCases\":"
                        + (cases < 0 ? "null" : String.valueOf(cases)) + "}");
                return ExitCodes.OK;
            }
            settings = connection.settings(Map.of());
        } catch (InvalidInputException e) {
            System.err.println("tonno submit: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        String id = workflowId != null ? workflowId : spec.experimentId();
        return ConnectionOptions.withClient("submit", settings, client -> {
            ExperimentWorkflow workflow = client.newWorkflowStub(ExperimentWorkflow.class, WorkflowOptions.newBuilder()
                    .setTaskQueue(settings.queues().workflow())
                    .setWorkflowId(id)
                    .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                    .setStaticSummary("tonno experiment " + spec.experimentId() + " on " + spec.dataset())
                    .build());
            String runId;
            try {
                runId = WorkflowClient.start(workflow::run, spec).getRunId();
            } catch (WorkflowExecutionAlreadyStarted e) {
                System.err.println("tonno submit: experiment " + id + " is already running; see tonno status " + id);
                return ExitCodes.FAILED;
            }
            System.out.println("started " + id + " (run " + runId + ") on " + settings.temporalAddress()
                    + ", queue " + settings.queues().workflow());
            if (!await) {
                return ExitCodes.OK;
            }
            return Status.follow(client, WorkflowStub.fromTyped(workflow), id);
        });
    }

    /**
     * Validates the spec's dataset manifest as an experiment would ({@link Dataset#loadConfined}) when it is a
     * file here; returns its number of cases, or -1 when the dataset is not a local file (an artifact key).
     */
    static int checkLocalDataset(ExperimentSpec spec) throws InvalidInputException, IOException {
        Path manifest = Path.of(spec.dataset());
        if (!Files.isRegularFile(manifest)) {
            return -1;
        }
        return Dataset.loadConfined(manifest).cases().size();
    }

    /** Reads and validates a spec file; problems name the file and the JSON path. */
    static ExperimentSpec readSpec(Path file) throws InvalidInputException {
        ObjectMapper json = TonnoJson.newMapper();
        ExperimentSpec spec;
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(file.toString(), "file", "does not exist or is not a file");
            }
            long size = Files.size(file);
            if (size > MAX_SPEC_BYTES) {
                throw new InvalidInputException(file.toString(), "$", "is " + size + " bytes; a spec is at most "
                        + MAX_SPEC_BYTES + " bytes (Temporal refuses larger workflow inputs)");
            }
            spec = json.readValue(Files.readAllBytes(file), ExperimentSpec.class);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "$", "not a valid experiment spec: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        List<String> problems = SpecValidator.problems(spec);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(file.toString(), "$", "invalid experiment spec ("
                    + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ")\n  "
                    + String.join("\n  ", problems));
        }
        return spec;
    }
}
