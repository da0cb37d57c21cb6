package io.tonno.cli.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowStub;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.activities.support.TonnoJson;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.JsonOutput;
import io.tonno.cli.ProcessSettings;
import io.tonno.cli.ProgressDisplay;
import io.tonno.cli.ProgressVerb;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.workflows.activity.Report;
import io.tonno.workflows.experiment.ExperimentResult;
import io.tonno.workflows.experiment.ExperimentWorkflow;
import io.tonno.workflows.spec.ExperimentSpec;
import io.tonno.workflows.spec.SpecValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tonno submit SPEC.json [--wait]}: validates an experiment spec here (every problem named by
 * file and JSON path) and starts {@code ExperimentWorkflow} with the experiment id as workflow id. With
 * {@code --wait} it shows the experiment's progress (one line per stage), then its results table and the
 * report's key; log records go to a file under {@code .tonno/logs/} ({@link VerbLogging}).
 */
@Command(
        name = "submit",
        description = "Start an experiment (ExperimentWorkflow) from a spec file on any Temporal cluster.")
public final class Submit implements Callable<Integer>, ProgressVerb {
    /** Largest spec file read; Temporal's own limit on a workflow input is 2 MB. */
    static final long MAX_SPEC_BYTES = 2L << 20;

    @Parameters(index = "0", paramLabel = "SPEC.json", description = "The experiment spec.")
    Path specFile;

    @Option(
            names = "--wait",
            description = "Show progress until the experiment ends, then its results table and report.")
    boolean await;

    @Option(names = "--workflow-id", description = "Workflow id (default: the spec's experimentId).")
    String workflowId;

    @Option(
            names = "--dry-run",
            description = "Only validate: the spec, and the dataset manifest with an experiment's"
                    + " rules when it is a file on this machine; connects to nothing. Exit code 2 on bad input.")
    boolean dryRun;

    @Mixin
    ConnectionOptions connection;

    @Override
    public boolean showsProgress() {
        return await && !dryRun;
    }

    @Override
    public Integer call() throws Exception {
        ExperimentSpec spec;
        try {
            spec = readSpec(specFile);
            if (dryRun) {
                int cases = checkLocalDataset(spec);
                JsonOutput.line(JsonOutput.object()
                        .put("experimentId", spec.experimentId())
                        .put("valid", true)
                        .put("datasetCases", cases < 0 ? null : cases));
                return ExitCodes.OK;
            }
        } catch (InvalidInputException e) {
            System.err.println("tonno submit: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        String id = workflowId != null ? workflowId : spec.experimentId();
        return connection.withClient("submit", (settings, client) -> {
            ExperimentWorkflow workflow = client.newWorkflowStub(
                    ExperimentWorkflow.class,
                    Experiments.options(settings, id)
                            // One run of an experiment id at a time, and a completed one is not run again
                            // (docs/reliability.md): a second submit reports the existing run instead. A
                            // failed, terminated or timed-out run may be submitted again (cached stages skipped).
                            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                            .setWorkflowIdReusePolicy(
                                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
                            .setStaticSummary("tonno experiment " + spec.experimentId() + " on " + spec.dataset())
                            .build());
            String runId;
            try {
                runId = WorkflowClient.start(workflow::run, spec).getRunId();
            } catch (WorkflowExecutionAlreadyStarted e) {
                return existing(client, id, spec, settings);
            }
            System.out.println("started " + id + " (run " + runId + ") on " + settings.temporalAddress() + ", queue "
                    + settings.plugin().queues().workflow());
            if (!await) {
                return ExitCodes.OK;
            }
            return awaitResult(WorkflowStub.fromTyped(workflow), id, settings);
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

    /**
     * The id is taken by a running or completed run: report (and with {@code --wait} follow) that
     * run instead of starting another. A different spec under the same id is an error (exit 2).
     */
    private int existing(WorkflowClient client, String id, ExperimentSpec spec, ProcessSettings settings)
            throws Exception {
        WorkflowStub stub = client.newUntypedWorkflowStub(id);
        var description = stub.describe();
        WorkflowExecutionStatus status = description.getStatus();
        String runId = description.getExecution().getRunId();
        boolean running = status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
        ExperimentSpec theirs = Resume.originalSpec(client, id);
        if (!spec.equals(theirs)) {
            System.err.println("tonno submit: experiment " + id + " is " + (running ? "already running" : "completed")
                    + " (run " + runId + ") with a different spec; use another experimentId, or tonno resume " + id);
            return ExitCodes.BAD_INPUT;
        }
        if (running) {
            System.out.println("experiment " + id + " is already running (run " + runId + "); not started again");
            return await ? awaitResult(stub, id, settings) : ExitCodes.OK;
        }
        System.out.println("experiment " + id + " already completed (run " + runId
                + "); not started again (tonno resume " + id + " runs it again)");
        return await ? awaitResult(stub, id, settings) : ExitCodes.OK;
    }

    /**
     * {@code --wait}: shows the experiment's progress until it ends, then its results table (read from the
     * store) and where its report is.
     */
    private static int awaitResult(WorkflowStub stub, String id, ProcessSettings settings) {
        ExperimentResult result;
        try {
            result = ExperimentProgress.follow(stub, ProgressDisplay.create(System.out));
        } catch (WorkflowException e) {
            System.err.println(id + " failed: " + Experiments.failure(e));
            return ExitCodes.FAILED;
        }
        System.out.printf(
                Locale.ROOT,
                "experiment %s completed: %d training steps%s, final loss %s; cached stages: %s%n",
                id,
                result.trainedSteps(),
                result.stoppedEarly() ? " (stopped early)" : "",
                Experiments.finalLoss(result),
                Experiments.cachedStages(result));
        Report report = result.report();
        if (report != null && report.tableKey() != null) {
            String bucket = settings.plugin().store().bucket();
            try (ArtifactStore store =
                    MinioArtifactStore.connect(settings.plugin().store())) {
                System.out.println();
                System.out.println(Experiments.table(store, report.tableKey()));
                System.out.println();
            } catch (IOException | RuntimeException e) {
                System.out.println("results: s3://" + bucket + "/" + report.tableKey() + " (not readable from here: "
                        + e.getMessage() + ")");
            }
            System.out.println("report: s3://" + bucket + "/" + report.reportKey());
        }
        return ExitCodes.OK;
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
                throw new InvalidInputException(
                        file.toString(),
                        "$",
                        "is " + size + " bytes; a spec is at most " + MAX_SPEC_BYTES
                                + " bytes (Temporal refuses larger workflow inputs)");
            }
            spec = json.readValue(Files.readAllBytes(file), ExperimentSpec.class);
        } catch (IOException e) {
            throw new InvalidInputException(
                    file.toString(),
                    "$",
                    "not a valid experiment spec: "
                            + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
        List<String> problems = SpecValidator.problems(spec);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(
                    file.toString(),
                    "$",
                    "invalid experiment spec ("
                            + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ")\n  "
                            + String.join("\n  ", problems));
        }
        return spec;
    }
}
