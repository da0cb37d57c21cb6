package io.tonno.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.tonno.activities.ScienceActivityProvider;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.cli.ConfigLoader;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.activity.MethodScore;
import io.tonno.workflows.activity.StageManifest;
import io.tonno.workflows.experiment.ExperimentResult;
import io.tonno.workflows.experiment.ExperimentWorkflow;
import io.tonno.workflows.spec.ExperimentSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole experiment on the embedded stack (Temporal test server on a port, s3proxy, one worker
 * through TonnoPlugin) with the real activities on a tiny synthetic dataset; then a relaunch with the
 * same experiment id, which must skip every cached stage.
 */
public class EndToEndTest {
    @TempDir
    Path dir;

    static final String SPEC = """
            {"experimentId": "e2e", "dataset": "%s", "preprocessing": "synthetic",
             "model": {"norm": "gn", "sliceSize": 32, "inputNormalization": "none"},
             "training": {"steps": 20, "volumesPerBatch": 4, "slicesPerVolume": 4, "checkpointInterval": 10,
                          "segmentSteps": 10, "warmupSteps": 3, "learningRate": 0.002},
             "methods": [{"name": "tonno", "directions": 16, "slices": 8},
                         {"name": "layercam", "layer": 2},
                         {"name": "tomographic", "cam": "layercam", "layer": 2, "directions": 8, "slices": 8}],
             "fanout": {"directionsPerChunk": 8, "chunksInFlight": 2, "casesInFlight": 2}}
            """;

    @Test
    void experimentCompletesWithResultsAndReportThenRelaunchSkipsEveryCachedStage() throws Exception {
        Path data = dir.resolve("dataset");
        SyntheticDataset.write(data, new SynthSettings(12, 24, 7, 0.5));
        ObjectMapper json = new ObjectMapper();
        CountingProvider provider = new CountingProvider(new ScienceActivityProvider(dir.resolve("work")));
        try (EmbeddedStack stack = EmbeddedStack.start(
                dir.resolve("stack"), 0, 0, ConfigLoader.load(Map.of(), null, Map.of()), provider)) {
            WorkflowClient client = stack.client();
            ExperimentSpec spec = json.readValue(
                    SPEC.formatted(data.resolve("dataset.json").toString().replace("\\", "\\\\")),
                    ExperimentSpec.class);
            ExperimentResult first = run(client, spec, "e2e-1");

            List<String> methods =
                    first.scores().stream().map(MethodScore::methodKey).toList();
            assertEquals(List.of("tonno", "layercam-layer2-axial", "tomographic-layercam-layer2"), methods);
            for (MethodScore s : first.scores()) {
                for (double v : new double[] {s.precision(), s.recall(), s.f1(), s.dice(), s.balancedAccuracy()}) {
                    assertTrue(v >= 0 && v <= 1, s.toString());
                }
                assertTrue(s.cases() > 0, s.toString());
            }
            assertEquals(20, first.trainedSteps());

            try (ArtifactStore store =
                    MinioArtifactStore.connect(stack.settings().plugin().store())) {
                String root = ArtifactKeys.root("e2e");
                assertTrue(store.exists(ArtifactKeys.report("e2e")));
                String md = new String(store.get(ArtifactKeys.results("e2e", "md")), StandardCharsets.UTF_8);
                for (String m : List.of("ToNNO", "LayerCAM", "Tomographic LayerCAM")) {
                    assertTrue(md.contains("| " + m + " |"), md);
                }
                // Every row names its layer (but ToNNO), its compute time per volume and its calibration.
                JsonNode results = json.readTree(store.get(ArtifactKeys.results("e2e", "json")));
                for (JsonNode row : results.get("table")) {
                    boolean tonno = row.get("method").asText().equals("ToNNO");
                    assertEquals(tonno ? "" : "layer2", row.get("layer").asText(), row.toString());
                    assertTrue(row.get("secondsPerVolume").asDouble() > 0, row.toString());
                }
                for (JsonNode r : results.get("results")) {
                    assertTrue(r.get("calibration").has("candidates"), r.toString());
                }
                JsonNode latest = json.readTree(store.get(ArtifactKeys.latestModel("e2e")));
                assertEquals(20, latest.get("step").asInt());
                // Every heatmap of the test split exists, and each stage manifest was written after its outputs.
                List<String> keys = store.list(root);
                long manifests =
                        keys.stream().filter(k -> k.endsWith("/manifest.json")).count();
                assertTrue(manifests >= 5, keys.toString());
                for (String k :
                        keys.stream().filter(k -> k.endsWith("/manifest.json")).toList()) {
                    StageManifest m = json.readValue(store.get(k), StageManifest.class);
                    assertTrue(m.finishedAtMillis() >= m.startedAtMillis(), k);
                    for (String out : m.outputs()) {
                        assertTrue(out.endsWith("/") || store.exists(out), k + " lists missing output " + out);
                    }
                }
            }

            int preprocess = provider.count("preprocessCase");
            int segments = provider.count("trainSegment");
            int chunks = provider.count("reconstructChunk");
            int reduces = provider.count("reduce");
            assertEquals(12, preprocess);
            assertEquals(2, segments);
            assertTrue(chunks > 0 && reduces > 0);

            ExperimentResult second = run(client, spec, "e2e-2");
            Set<String> skipped = second.skippedStages().stream().collect(Collectors.toSet());
            assertTrue(skipped.containsAll(Set.of("preprocess", "train", "calibrate")), skipped.toString());
            for (String m : methods) {
                assertTrue(skipped.contains("evaluate/" + m), skipped.toString());
            }
            assertEquals(preprocess, provider.count("preprocessCase"));
            assertEquals(segments, provider.count("trainSegment"));
            assertEquals(chunks, provider.count("reconstructChunk"));
            assertEquals(reduces, provider.count("reduce"));
            assertEquals(2, provider.count("report"));
            assertEquals(first.scores(), second.scores());
        }
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
