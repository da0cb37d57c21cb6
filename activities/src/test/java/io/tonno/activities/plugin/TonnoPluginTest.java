package io.tonno.activities.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.temporal.api.common.v1.Payload;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.tonno.activities.stages.StageActivitiesImpl;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.activities.store.S3ProxyFixture;
import io.tonno.workflows.TaskQueues;
import io.tonno.workflows.activity.DataActivities;
import io.tonno.workflows.activity.EvaluationActivities;
import io.tonno.workflows.activity.ReconstructionActivities;
import io.tonno.workflows.activity.TrainingActivities;
import io.tonno.workflows.experiment.ExperimentResult;
import io.tonno.workflows.experiment.ExperimentWorkflow;
import io.tonno.workflows.spec.ExperimentSpec;
import io.tonno.workflows.spec.FanoutSpec;
import io.tonno.workflows.spec.MethodSpec;
import io.tonno.workflows.spec.TrainingSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

/** TonnoPlugin added to a plain client and worker factory, with no tonno CLI code. */
class TonnoPluginTest {
    @TempDir
    static Path dir;

    static S3ProxyFixture s3;

    private TestWorkflowEnvironment server;
    private final List<WorkerFactory> factories = new ArrayList<>();

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3ProxyFixture(dir);
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @BeforeEach
    void startServer() {
        server = TestWorkflowEnvironment.newInstance();
    }

    @AfterEach
    void stopServer() {
        factories.forEach(f -> {
            f.shutdown();
            f.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        });
        server.close();
    }

    private static TonnoConfig config() {
        return new TonnoConfig(s3.settings("plugin-test"), "cpu", 2, 3, TaskQueues.DEFAULT, false, "test-1", null);
    }

    private WorkflowClient client(TonnoPlugin plugin) {
        return WorkflowClient.newInstance(
                server.getWorkflowServiceStubs(),
                WorkflowClientOptions.newBuilder()
                        .setNamespace(server.getNamespace())
                        .setPlugins(plugin)
                        .build());
    }

    private WorkerFactory factory(WorkflowClient client, String... queues) {
        WorkerFactory factory = WorkerFactory.newInstance(client);
        for (String q : queues) {
            factory.newWorker(q);
        }
        factory.start();
        factories.add(factory);
        return factory;
    }

    private static ExperimentSpec spec(String id) {
        return new ExperimentSpec(
                id,
                "d.json",
                null,
                false,
                null,
                new TrainingSpec(
                        20, 1, 1, null, null, 0, 10, null, 1L, 10, null, null, null, null, null, null, null, null, null,
                        null),
                List.of(MethodSpec.of("tonno").withSampling(8, 5).withSliceSize(16), MethodSpec.of("layercam")),
                null,
                null,
                new FanoutSpec(4, 2, 2, null),
                null);
    }

    private static ExperimentResult run(WorkflowClient client, String workflowId, ExperimentSpec spec) {
        return client.newWorkflowStub(
                        ExperimentWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(TaskQueues.WORKFLOW)
                                .setWorkflowId(workflowId)
                                .build())
                .run(spec);
    }

    @Test
    void plainClientAndFactoryWithOnlyThePluginRunAnExperimentAndARelaunchSkipsItsStages() throws Exception {
        MockProvider provider = new MockProvider();
        WorkflowClient client = client(new TonnoPlugin(config(), provider));
        WorkerFactory factory = factory(client, TaskQueues.WORKFLOW, TaskQueues.CPU, TaskQueues.GPU);

        ExperimentResult first = run(client, "plugin-e1", spec("plugin-e1"));
        assertEquals(
                List.of("tonno", "layercam-layer4-axial"),
                first.scores().stream().map(s -> s.methodKey()).toList());
        assertEquals(20, first.trainedSteps());
        assertEquals(List.of(), first.skippedStages());
        verify(provider.training, times(2)).trainSegment(any());

        // The stage manifests are real objects in the (s3proxy) store.
        try (MinioArtifactStore store = MinioArtifactStore.connect(config().store())) {
            String train =
                    new String(store.get("experiments/plugin-e1/stages/train/manifest.json"), StandardCharsets.UTF_8);
            assertTrue(train.contains("\"codeVersion\" : \"test-1\""), train);
            assertTrue(store.exists("experiments/plugin-e1/stages/reconstruct/tonno/x1/manifest.json"));
        }

        ExperimentResult again = run(client, "plugin-e1", spec("plugin-e1"));
        assertEquals(
                List.of("preprocess", "train", "calibrate", "evaluate/tonno", "evaluate/layercam-layer4-axial"),
                again.skippedStages());
        verify(provider.training, times(2)).trainSegment(any());
        verify(provider.data, times(3)).preprocessCase(any());
        assertEquals(first.scores(), again.scores());

        factory.shutdown();
        factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(provider.closed.get(), "the provider is closed with the worker factory");
    }

    @Test
    void cpuWorkerGetsOnlyCpuActivitiesAndGpuWorkerOnlyGpuActivities() {
        MockProvider provider = new MockProvider();
        TonnoPlugin plugin = new TonnoPlugin(config(), provider);

        Worker cpu = mock(Worker.class);
        plugin.initializeWorker(TaskQueues.CPU, cpu);
        List<Object> cpuActivities = registered(cpu);
        assertTrue(cpuActivities.stream().anyMatch(DataActivities.class::isInstance));
        assertTrue(cpuActivities.stream().anyMatch(EvaluationActivities.class::isInstance));
        assertTrue(cpuActivities.stream().anyMatch(StageActivitiesImpl.class::isInstance));
        assertTrue(cpuActivities.stream()
                .noneMatch(a -> a instanceof TrainingActivities || a instanceof ReconstructionActivities));
        verify(cpu, never())
                .registerWorkflowImplementationFactory(any(), any(io.temporal.workflow.Functions.Func.class), any());
        assertEquals(0, provider.gpuCalls);

        Worker gpu = mock(Worker.class);
        plugin.initializeWorker(TaskQueues.GPU, gpu);
        List<Object> gpuActivities = registered(gpu);
        assertTrue(gpuActivities.stream().anyMatch(TrainingActivities.class::isInstance));
        assertTrue(gpuActivities.stream().anyMatch(ReconstructionActivities.class::isInstance));
        assertTrue(gpuActivities.stream()
                .noneMatch(a -> a instanceof DataActivities
                        || a instanceof EvaluationActivities
                        || a instanceof StageActivitiesImpl));
        assertEquals(1, provider.cpuCalls);

        Worker other = mock(Worker.class);
        plugin.initializeWorker("someone-elses-queue", other);
        verify(other, never()).registerActivitiesImplementations(any());
        plugin.close();
    }

    @Test
    void gpuQueueRunsAsManyActivitiesAsGpuSlots() {
        TonnoPlugin plugin = new TonnoPlugin(config(), new MockProvider());
        WorkerOptions.Builder gpu = WorkerOptions.newBuilder();
        plugin.configureWorker(TaskQueues.GPU, gpu);
        assertEquals(2, gpu.build().getMaxConcurrentActivityExecutionSize());
        WorkerOptions.Builder cpu = WorkerOptions.newBuilder();
        plugin.configureWorker(TaskQueues.CPU, cpu);
        assertEquals(3, cpu.build().getMaxConcurrentActivityExecutionSize());
    }

    @Test
    void workflowOnlyProcessNeedsNoProviderButActivityQueuesDo() {
        TonnoPlugin plugin = new TonnoPlugin(config(), null);
        Worker workflows = mock(Worker.class);
        plugin.initializeWorker(TaskQueues.WORKFLOW, workflows);
        verify(workflows, times(2))
                .registerWorkflowImplementationFactory(any(), any(io.temporal.workflow.Functions.Func.class), any());
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> plugin.initializeWorker(TaskQueues.GPU, mock(Worker.class)));
        assertTrue(e.getMessage().contains("tonno-gpu"), e.getMessage());
    }

    @Test
    void clientsWithThePluginDecodeStrictly() {
        WorkflowClient client = client(new TonnoPlugin(config(), null));
        DataConverter converter = client.getOptions().getDataConverter();
        record Strict(int a) {}
        Payload extra = converter.toPayload(java.util.Map.of("a", 1, "b", 2)).orElseThrow();
        assertThrows(DataConverterException.class, () -> converter.fromPayload(extra, Strict.class, Strict.class));
        Payload spec = converter
                .toPayload(java.util.Map.of("experimentId", "e", "dataset", "d", "colour", 1))
                .orElseThrow();
        ExperimentSpec decoded = converter.fromPayload(spec, ExperimentSpec.class, ExperimentSpec.class);
        assertEquals(java.util.Map.of("colour", 1), decoded.unknownFields());
    }

    @Test
    void replaysAHistoryThroughThePluginsReplayHook() throws Exception {
        AtomicInteger replays = new AtomicInteger();
        TonnoPlugin counting = new TonnoPlugin(config(), new MockProvider()) {
            @Override
            public void replayWorkflowExecution(Worker worker, WorkflowExecutionHistory history, ReplayCallback next)
                    throws Exception {
                replays.incrementAndGet();
                super.replayWorkflowExecution(worker, history, next);
            }
        };
        WorkflowClient client = client(counting);
        factory(client, TaskQueues.WORKFLOW, TaskQueues.CPU, TaskQueues.GPU);
        run(client, "plugin-replay", spec("plugin-replay"));
        WorkflowExecutionHistory history = client.fetchHistory("plugin-replay");

        WorkerFactory replayFactory = WorkerFactory.newInstance(client(counting));
        Worker replayer = replayFactory.newWorker(TaskQueues.WORKFLOW);
        replayer.replayWorkflowExecution(history);
        assertEquals(1, replays.get());
    }

    private static List<Object> registered(Worker worker) {
        ArgumentCaptor<Object[]> captor = ArgumentCaptor.forClass(Object[].class);
        verify(worker).registerActivitiesImplementations(captor.capture());
        List<Object> all = new ArrayList<>();
        for (Object[] batch : captor.getAllValues()) {
            all.addAll(Arrays.asList(batch));
        }
        return all;
    }
}
