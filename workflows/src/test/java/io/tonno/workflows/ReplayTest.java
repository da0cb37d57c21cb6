package io.tonno.workflows;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.tonno.workflows.experiment.ExperimentWorkflow;
import io.tonno.workflows.experiment.ExperimentWorkflowImpl;
import io.tonno.workflows.reconstruction.ReconstructionWorkflowImpl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays committed histories against the current workflow code, so that a change that is not
 * replay-safe fails the build. To re-record after an intended incompatible change (and a new
 * workflow version), run with {@code -Dtonno.recordHistories=true} from the module directory.
 */
class ReplayTest {
    static final String EXPERIMENT = "histories/experiment-workflow.json";
    static final String RECONSTRUCTION = "histories/reconstruction-workflow.json";

    @RegisterExtension
    static final TestWorkflowExtension TEMPORAL = TestWorkflowExtension.newBuilder()
            .setDoNotStart(true)
            .setUseTimeskipping(false)
            .build();

    @Test
    void experimentHistoryReplaysOnCurrentCode() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(
                EXPERIMENT, ExperimentWorkflowImpl.class, ReconstructionWorkflowImpl.class);
    }

    @Test
    void reconstructionHistoryReplaysOnCurrentCode() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(RECONSTRUCTION, ReconstructionWorkflowImpl.class);
    }

    @Test
    void replayFailsWhenTheCodeWouldIssueDifferentCommands() {
        // Turning search attributes on adds upsert commands the recorded history does not have:
        // exactly the kind of change that must not reach running workflows unversioned.
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
        try {
            Worker worker = env.newWorker("replay-check");
            WorkflowImplementations.register(worker, new OrchestrationSettings(TaskQueues.DEFAULT, true));
            Exception e = assertThrows(
                    Exception.class, () -> WorkflowReplayer.replayWorkflowExecutionFromResource(EXPERIMENT, worker));
            assertTrue(String.valueOf(e.getMessage()).contains("during replay"), String.valueOf(e.getMessage()));
        } finally {
            env.close();
        }
    }

    @Test
    void recordHistories(TestWorkflowEnvironment env) throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("tonno.recordHistories"), "recording is on demand");
        MockActivities m = new MockActivities();
        m.startWorkers(env);
        WorkflowClient client = env.getWorkflowClient();
        ExperimentWorkflow wf = client.newWorkflowStub(
                ExperimentWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TaskQueues.WORKFLOW)
                        .setWorkflowId("replay")
                        .build());
        wf.run(MockActivities.spec("replay", 2));
        write(EXPERIMENT, client.fetchHistory("replay").toJson(true));
        write(RECONSTRUCTION, client.fetchHistory("replay/reconstruct/tonno/c1").toJson(true));
    }

    private static void write(String resource, String json) throws Exception {
        Path path = Path.of("src/test/resources", resource);
        Files.createDirectories(path.getParent());
        Files.writeString(path, json, StandardCharsets.UTF_8);
    }
}
