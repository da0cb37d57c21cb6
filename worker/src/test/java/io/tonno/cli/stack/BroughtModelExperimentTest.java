package io.tonno.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.tonno.activities.ScienceActivityProvider;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.classifier.testing.ExportedModels;
import io.tonno.cli.ConfigLoader;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.Failures;
import io.tonno.workflows.activity.MethodScore;
import io.tonno.workflows.experiment.ExperimentResult;
import io.tonno.workflows.experiment.ExperimentWorkflow;
import io.tonno.workflows.spec.ExperimentSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment that brings its trained network (exported from PyTorch) instead of training one, on the embedded
 * stack with the real activities: the model is checked and published once under its content key, nothing is trained,
 * ToNNO's chunks load it from the store, and the results and report come out as for a trained model. A model that
 * breaks the contract fails the experiment before any chunk runs, naming the file; a CAM method is refused by the
 * spec check.
 */
class BroughtModelExperimentTest {
    @TempDir
    Path dir;

    static final String SPEC = """
            {"experimentId": "%s", "dataset": "%s", "preprocessing": "synthetic",
             "model": {"file": "%s", "channels": 1, "positiveIndex": %s, "sliceSize": 32,
                       "inputNormalization": "none"},
             "methods": [%s],
             "fanout": {"directionsPerChunk": 8, "chunksInFlight": 2, "casesInFlight": 2}}
            """;

    static final String TONNO = """
            {"name": "tonno", "directions": 16, "slices": 8},
            {"name": "tonno", "label": "bp", "directions": 16, "slices": 8, "inversion": "backprojection"}""";

    @Test
    void experimentRunsToNNOWithTheBroughtNetworkAndRefusesBrokenOnes() throws Exception {
        ExportedModels.convnext(dir.resolve("cnx"));
        ExportedModels.bad(dir.resolve("bad"));
        Path data = dir.resolve("dataset");
        SyntheticDataset.write(data, new SynthSettings(12, 24, 7, 0.5));
        String manifest = data.resolve("dataset.json").toString();
        ObjectMapper json = new ObjectMapper();
        CountingProvider provider = new CountingProvider(new ScienceActivityProvider(dir.resolve("work")));
        try (EmbeddedStack stack = EmbeddedStack.start(
                dir.resolve("stack"), 0, 0, ConfigLoader.load(Map.of(), null, Map.of()), provider)) {
            WorkflowClient client = stack.client();
            ExperimentSpec spec = json.readValue(
                    SPEC.formatted("brought", manifest, dir.resolve("cnx.onnx"), "1", TONNO), ExperimentSpec.class);
            ExperimentResult result = run(client, spec, "brought-1");

            assertEquals(0, result.trainedSteps());
            assertEquals(0, provider.count("trainSegment"));
            assertEquals(1, provider.count("publishModel"));
            String key = result.checkpointKey();
            assertNotNull(ArtifactKeys.broughtModelHash(key), key);
            assertTrue(key.endsWith(".onnx"), key);
            assertEquals(
                    List.of("tonno", "bp"),
                    result.scores().stream().map(MethodScore::methodKey).toList());
            for (MethodScore s : result.scores()) {
                for (double v : new double[] {s.precision(), s.recall(), s.f1(), s.dice(), s.balancedAccuracy()}) {
                    assertTrue(v >= 0 && v <= 1, s.toString());
                }
                assertTrue(s.cases() > 0, s.toString());
            }
            assertTrue(provider.count("reconstructChunk") > 0);
            try (ArtifactStore store =
                    MinioArtifactStore.connect(stack.settings().plugin().store())) {
                assertTrue(store.exists(key), "the model is in the store under its content key");
                assertTrue(store.exists(ArtifactKeys.report("brought")));
            }

            // The same bytes in another experiment: the same key, no second copy.
            ExperimentSpec again = json.readValue(
                    SPEC.formatted("brought-again", manifest, dir.resolve("cnx.onnx"), "1", TONNO),
                    ExperimentSpec.class);
            assertEquals(key, run(client, again, "brought-2").checkpointKey());

            // A network whose scores are NaN fails at the check, before any chunk, naming the file.
            int chunks = provider.count("reconstructChunk");
            ExperimentSpec nan = json.readValue(
                    SPEC.formatted("brought-nan", manifest, dir.resolve("bad-nan.onnx"), "null", TONNO),
                    ExperimentSpec.class);
            ApplicationFailure f = failure(assertThrows(WorkflowFailedException.class, () -> run(client, nan, "b-3")));
            assertEquals(Failures.INVALID_INPUT, f.getType());
            assertTrue(f.getOriginalMessage().contains("bad-nan.onnx"), f.getOriginalMessage());
            assertTrue(f.getOriginalMessage().contains("non-finite"), f.getOriginalMessage());
            assertEquals(chunks, provider.count("reconstructChunk"));

            // CAM methods need layers an exported network does not expose: refused by the spec check.
            ExperimentSpec cam = json.readValue(
                    SPEC.formatted(
                            "brought-cam",
                            manifest,
                            dir.resolve("cnx.pt"),
                            "1",
                            "{\"name\": \"tonno\"}, {\"name\": \"gradcam\", \"layer\": 4}"),
                    ExperimentSpec.class);
            f = failure(assertThrows(WorkflowFailedException.class, () -> run(client, cam, "b-4")));
            assertTrue(f.getOriginalMessage().contains("methods[1].name"), f.getOriginalMessage());
            assertTrue(f.getOriginalMessage().contains("torchscript"), f.getOriginalMessage());
            assertEquals(1 + 1 + 1, provider.count("publishModel"), "the CAM spec never reached an activity");
        }
    }

    private static ApplicationFailure failure(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ApplicationFailure a) {
                return a;
            }
        }
        throw new AssertionError("no ApplicationFailure in " + thrown);
    }

    private static ExperimentResult run(WorkflowClient client, ExperimentSpec spec, String workflowId) {
        ExperimentWorkflow wf = client.newWorkflowStub(
                ExperimentWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue("tonno")
                        .setWorkflowId(workflowId)
                        .build());
        return wf.run(spec);
    }
}
