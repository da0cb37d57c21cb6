package io.tonno.activities.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import io.tonno.activities.ScienceActivityProvider;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.activities.store.S3ProxyFixture;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.TaskQueues;
import io.tonno.workflows.activity.MethodScore;
import io.tonno.workflows.experiment.ExperimentResult;
import io.tonno.workflows.experiment.ExperimentWorkflow;
import io.tonno.workflows.spec.ExperimentSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as a team with its own Temporal workers would use it: a plain {@link WorkflowClient} and
 * {@link WorkerFactory} with only {@link TonnoPlugin} added, the real science activities (found on the class
 * path through {@link java.util.ServiceLoader}), Temporal's test server and an s3proxy store. No tonno CLI code.
 */
class TonnoPluginRealActivitiesTest {
    @TempDir
    Path dir;

    private static final String SPEC = """
            {"experimentId": "plugin-real", "dataset": "%s", "preprocessing": "synthetic",
             "model": {"norm": "gn", "sliceSize": 32, "inputNormalization": "none"},
             "training": {"steps": 10, "volumesPerBatch": 2, "slicesPerVolume": 4, "checkpointInterval": 5,
                          "segmentSteps": 10, "warmupSteps": 2, "learningRate": 0.002},
             "methods": [{"name": "tonno", "directions": 8, "slices": 6},
                         {"name": "gradcam", "layer": 3}],
             "fanout": {"directionsPerChunk": 4, "chunksInFlight": 2, "casesInFlight": 2}}
            """;

    @Test
    void plainClientAndWorkerFactoryWithOnlyThePluginRunTheRealExperiment() throws Exception {
        Path data = dir.resolve("dataset");
        SyntheticDataset.write(data, new SynthSettings(8, 24, 5, 0.5));
        ExperimentSpec spec = new ObjectMapper()
                .readValue(
                        SPEC.formatted(data.resolve("dataset.json").toString().replace("\\", "\\\\")),
                        ExperimentSpec.class);

        // The provider comes from META-INF/services, like in any worker that has tonno-activities on its class path.
        assertTrue(
                java.util.ServiceLoader.load(ActivityProvider.class).findFirst().orElseThrow()
                        instanceof ScienceActivityProvider);
        java.nio.file.Files.createDirectories(dir.resolve("s3"));
        try (S3ProxyFixture s3 = new S3ProxyFixture(dir.resolve("s3"));
                TestWorkflowEnvironment server = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                        .setUseTimeskipping(false)
                        .build())) {
            // The work folder reaches the ServiceLoader-found provider through the configuration.
            TonnoConfig config = new TonnoConfig(
                    s3.settings("plugin-real"),
                    "cpu",
                    1,
                    2,
                    TaskQueues.DEFAULT,
                    false,
                    "test-real",
                    WorkerPaths.DEFAULT.withWorkDir(dir.resolve("work")));
            TonnoPlugin plugin = new TonnoPlugin(config);
            WorkflowClient client = WorkflowClient.newInstance(
                    server.getWorkflowServiceStubs(),
                    WorkflowClientOptions.newBuilder()
                            .setNamespace(server.getNamespace())
                            .setPlugins(plugin)
                            .build());
            WorkerFactory factory = WorkerFactory.newInstance(client);
            factory.newWorker(TaskQueues.WORKFLOW);
            factory.newWorker(TaskQueues.CPU);
            factory.newWorker(TaskQueues.GPU);
            factory.start();
            try {
                ExperimentResult result = client.newWorkflowStub(
                                ExperimentWorkflow.class,
                                WorkflowOptions.newBuilder()
                                        .setTaskQueue(TaskQueues.WORKFLOW)
                                        .setWorkflowId("plugin-real")
                                        .build())
                        .run(spec);

                assertEquals(
                        List.of("tonno", "gradcam-layer3-axial"),
                        result.scores().stream().map(MethodScore::methodKey).toList());
                for (MethodScore s : result.scores()) {
                    for (double v : new double[] {s.precision(), s.recall(), s.f1(), s.dice(), s.balancedAccuracy()}) {
                        assertTrue(v >= 0 && v <= 1, s.toString());
                    }
                    assertTrue(s.cases() > 0, s.toString());
                }
                assertEquals(10, result.trainedSteps());
                try (MinioArtifactStore store = MinioArtifactStore.connect(config.store())) {
                    assertTrue(store.exists(ArtifactKeys.report("plugin-real")));
                    String md =
                            new String(store.get(ArtifactKeys.results("plugin-real", "md")), StandardCharsets.UTF_8);
                    // Paper names in the table, the layer in its own column.
                    assertTrue(md.contains("| ToNNO |  |") && md.contains("| GradCAM | layer3 |"), md);
                    assertNotNull(store.get(ArtifactKeys.latestModel("plugin-real")));
                }
            } finally {
                factory.shutdown();
                factory.awaitTermination(30, TimeUnit.SECONDS);
            }
        }
    }
}
