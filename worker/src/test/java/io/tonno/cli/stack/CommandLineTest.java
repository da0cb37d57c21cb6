package io.tonno.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.temporal.client.WorkflowStub;
import io.tonno.activities.plugin.MockProvider;
import io.tonno.cli.ConfigLoader;
import io.tonno.cli.Tonno;
import io.tonno.workflows.experiment.ExperimentResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** submit, status and resume against the embedded stack (mocked science through the provider). */
public class CommandLineTest {
    @TempDir
    static Path dir;

    static EmbeddedStack stack;
    static MockProvider provider;

    @BeforeAll
    static void start() throws Exception {
        provider = new MockProvider();
        stack = EmbeddedStack.start(dir.resolve("stack"), 0, 0, ConfigLoader.load(Map.of(), null, Map.of()), provider);
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    record Run(int code, String out, String err) {}

    private static Run tonno(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--temporal-address",
                stack.settings().temporalAddress(),
                "--s3-endpoint",
                stack.settings().plugin().store().endpoint()));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Tonno.commandLine().execute(all.toArray(String[]::new));
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static Path spec(String name, String json) throws Exception {
        return Files.writeString(dir.resolve(name), json);
    }

    @Test
    void submitWaitsForTheResultThenStatusAndResumeRelaunchWithCachedStages() throws Exception {
        Path spec = spec("cli.json", """
                {"experimentId": "cli-e1", "dataset": "d.json",
                 "training": {"steps": 20, "checkpointInterval": 10, "segmentSteps": 10, "warmupSteps": 0},
                 "methods": [{"name": "tonno", "directions": 8, "slices": 5, "sliceSize": 16}],
                 "fanout": {"directionsPerChunk": 4}}
                """);
        Run submit = tonno("submit", spec.toString(), "--wait");
        assertEquals(0, submit.code(), submit.err());
        assertTrue(submit.out().contains("started cli-e1"), submit.out());
        assertTrue(submit.out().contains("experiment cli-e1 completed: 20 training steps"), submit.out());

        Run status = tonno("status", "cli-e1");
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().startsWith("cli-e1: completed"), status.out());

        Run resume = tonno("resume", "cli-e1");
        assertEquals(0, resume.code(), resume.err());
        assertTrue(resume.out().contains("relaunched"), resume.out());
        ExperimentResult again = stack.client().newUntypedWorkflowStub("cli-e1").getResult(ExperimentResult.class);
        assertTrue(
                again.skippedStages().contains("train"), again.skippedStages().toString());
        verify(provider.training, times(2)).trainSegment(any());
    }

    @Test
    void submitRejectsABadSpecNamingTheFileAndEveryField() throws Exception {
        Path spec = spec("bad.json", """
                {"experimentId": "cli-bad", "dataset": "d.json", "colour": "red",
                 "methods": [{"name": "tonno", "directions": 0}]}
                """);
        Run submit = tonno("submit", spec.toString());
        assertEquals(2, submit.code());
        assertTrue(submit.err().contains(spec.toString()), submit.err());
        assertTrue(submit.err().contains("colour: unknown field"), submit.err());
        assertTrue(submit.err().contains("methods[0].directions: must be between 1 and 20000, got 0"), submit.err());
    }

    @Test
    void resumeSignalsAPausedExperiment() throws Exception {
        Path spec = spec("paused.json", """
                {"experimentId": "cli-paused", "dataset": "d.json",
                 "training": {"steps": 20, "checkpointInterval": 10, "segmentSteps": 10, "warmupSteps": 0},
                 "methods": [{"name": "gradcam"}]}
                """);
        var client = stack.client();
        // Signal pause before the workflow runs its first activity: signal-with-start.
        var untyped = client.newUntypedWorkflowStub(
                "ExperimentWorkflow",
                io.temporal.client.WorkflowOptions.newBuilder()
                        .setTaskQueue("tonno")
                        .setWorkflowId("cli-paused")
                        .build());
        untyped.signalWithStart("pause", new Object[0], new Object[] {Submit.readSpec(spec)});
        var stub = client.newWorkflowStub(io.tonno.workflows.experiment.ExperimentWorkflow.class, "cli-paused");
        Thread.sleep(500);
        assertTrue(stub.progress().paused());
        Run resume = tonno("resume", "cli-paused");
        assertEquals(0, resume.code(), resume.err());
        assertTrue(resume.out().contains("resume signal sent"), resume.out());
        ExperimentResult result = WorkflowStub.fromTyped(stub).getResult(ExperimentResult.class);
        assertEquals(20, result.trainedSteps());
    }

    @Test
    void statusOfAnUnknownExperimentSaysSo() {
        Run status = tonno("status", "no-such-experiment");
        assertEquals(1, status.code());
        assertTrue(status.err().contains("no workflow no-such-experiment"), status.err());
    }
}
