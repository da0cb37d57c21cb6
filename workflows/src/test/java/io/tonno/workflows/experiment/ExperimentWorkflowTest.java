package io.tonno.workflows.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.tonno.workflows.MockActivities;
import io.tonno.workflows.TaskQueues;
import io.tonno.workflows.activity.PreprocessRequest;
import io.tonno.workflows.activity.ResidualRequest;
import io.tonno.workflows.activity.StageLookup;
import io.tonno.workflows.activity.StageManifest;
import io.tonno.workflows.activity.TemplateRequest;
import io.tonno.workflows.activity.TrainSegmentRequest;
import io.tonno.workflows.activity.TrainingProgress;
import io.tonno.workflows.spec.ExperimentSpec;
import io.tonno.workflows.spec.MethodSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

class ExperimentWorkflowTest {
    @RegisterExtension
    static final TestWorkflowExtension TEMPORAL = TestWorkflowExtension.newBuilder()
            .setDoNotStart(true)
            // Real time: the mocks block on latches and sleep; nothing here needs timers to fire.
            .setUseTimeskipping(false)
            .build();

    private static ExperimentWorkflow stub(TestWorkflowEnvironment env, String id) {
        return env.getWorkflowClient()
                .newWorkflowStub(
                        ExperimentWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(TaskQueues.WORKFLOW)
                                .setWorkflowId(id)
                                .setWorkflowExecutionTimeout(Duration.ofMinutes(2))
                                .build());
    }

    @Test
    void runsStagesInOrderAndReturnsEveryMethodsScore(TestWorkflowEnvironment env) {
        MockActivities m = new MockActivities();
        m.startWorkers(env);
        ExperimentResult result = stub(env, "order").run(MockActivities.spec("order", 2));

        List<String> science = m.scienceCallSequence();
        assertEquals(
                List.of(
                        "validateDataset",
                        "preprocessCase",
                        "latestCheckpoint",
                        "trainSegment",
                        // calibration case: ToNNO (4 chunks), then GradCAM (1 chunk), one child at a time
                        "reconstructChunk",
                        "reduce",
                        "reconstructChunk",
                        "reduce",
                        "calibrate",
                        // two test cases per method
                        "reconstructChunk",
                        "reduce",
                        "reconstructChunk",
                        "reduce",
                        "reconstructChunk",
                        "reduce",
                        "reconstructChunk",
                        "reduce",
                        "evaluate",
                        "report"),
                science);
        verify(m.data, times(5)).preprocessCase(any());
        verify(m.training, times(2)).trainSegment(any());
        verify(m.reconstruction, times(15)).reconstructChunk(any());
        verify(m.evaluation, times(2)).calibrate(any());
        verify(m.evaluation, times(2)).evaluate(any());
        verify(m.reconstruction, times(6)).reduce(any());

        assertEquals(40, result.trainedSteps());
        assertFalse(result.stoppedEarly());
        assertEquals(
                List.of("tonno", "gradcam-layer4-axial"),
                result.scores().stream().map(s -> s.methodKey()).toList());
        assertEquals(2, result.scores().get(0).cases());
        assertEquals(List.of(), result.skippedStages());
    }

    @Test
    void residualsPreprocessEveryCaseThenBuildTheTemplateFromTheTrainingSplitThenWriteEveryResidual(
            TestWorkflowEnvironment env) {
        MockActivities m = new MockActivities();
        m.startWorkers(env);
        ExperimentSpec plain = MockActivities.spec("plain", 2);
        ExperimentSpec residual = withResidual(MockActivities.spec("residual", 2));
        stub(env, "plain").run(plain);
        ExperimentResult result = stub(env, "residual").run(residual);

        List<String> science = m.scienceCallSequence();
        int start = science.lastIndexOf("validateDataset");
        assertEquals(
                List.of(
                        "validateDataset",
                        "preprocessCase",
                        "buildTemplate",
                        "residualCase",
                        "latestCheckpoint",
                        "trainSegment"),
                science.subList(start, start + 6));
        // One template, of the training split only, in the manifest's order.
        ArgumentCaptor<TemplateRequest> template = ArgumentCaptor.forClass(TemplateRequest.class);
        verify(m.data, times(1)).buildTemplate(template.capture());
        assertEquals(new TemplateRequest("residual", List.of("t1", "t2")), template.getValue());
        // Every case twice: normalised first (residual=true), then its residual to the template.
        ArgumentCaptor<PreprocessRequest> pre = ArgumentCaptor.forClass(PreprocessRequest.class);
        verify(m.data, times(10)).preprocessCase(pre.capture());
        assertEquals(
                List.of(false, false, false, false, false, true, true, true, true, true),
                pre.getAllValues().stream().map(PreprocessRequest::residual).toList());
        ArgumentCaptor<ResidualRequest> res = ArgumentCaptor.forClass(ResidualRequest.class);
        verify(m.data, times(5)).residualCase(res.capture());
        assertEquals(
                java.util.Set.of("t1", "t2", "c1", "x1", "x2"),
                res.getAllValues().stream().map(r -> r.kase().caseId()).collect(java.util.stream.Collectors.toSet()));
        assertTrue(res.getAllValues().stream()
                .allMatch(r -> r.templateKey().equals(io.tonno.workflows.ArtifactKeys.template("residual"))));
        // The residual model is not the plain one: its training hash differs, so no cached stage is shared.
        ArgumentCaptor<String> hashes = ArgumentCaptor.forClass(String.class);
        verify(m.training, times(2)).latestCheckpoint(anyString(), hashes.capture());
        assertEquals(2, hashes.getAllValues().stream().distinct().count());
        assertEquals(2, result.scores().size());
    }

    private static ExperimentSpec withResidual(ExperimentSpec s) {
        return new ExperimentSpec(
                s.experimentId(),
                s.dataset(),
                s.preprocessing(),
                true,
                s.model(),
                s.training(),
                s.methods(),
                s.binarization(),
                s.evaluation(),
                s.fanout(),
                null);
    }

    @Test
    void neverRunsMoreChunksThanChunksInFlight(TestWorkflowEnvironment env) {
        MockActivities m = new MockActivities();
        m.chunkMillis = 60;
        m.startWorkers(env);
        ExperimentSpec spec = MockActivities.spec("bound", 3);
        ExperimentSpec wide = new ExperimentSpec(
                spec.experimentId(),
                spec.dataset(),
                spec.preprocessing(),
                spec.residual(),
                null,
                spec.training(),
                List.of(MethodSpec.of("tonno").withSampling(60, 5).withSliceSize(32)),
                null,
                null,
                spec.fanout(),
                null);
        stub(env, "bound").run(wide);

        verify(m.reconstruction, times(36)).reconstructChunk(any()); // 3 cases x 12 chunks
        assertTrue(m.maxChunksRunning.get() <= 3, "at most 3 chunks at once, saw " + m.maxChunksRunning.get());
        assertTrue(m.maxChunksRunning.get() >= 2, "chunks ran in parallel, saw " + m.maxChunksRunning.get());
    }

    @Test
    void skipsStagesWhoseManifestMatches(TestWorkflowEnvironment env) {
        MockActivities m = new MockActivities();
        when(m.stages.lookupStage(anyString(), eq("preprocess"), anyString()))
                .thenReturn(StageLookup.hit(
                        new StageManifest("preprocess", "h", "v", List.of(), List.of(), Map.of(), 0, 1)));
        when(m.stages.lookupStage(anyString(), eq("train"), anyString()))
                .thenReturn(StageLookup.hit(new StageManifest(
                        "train",
                        "h",
                        "v",
                        List.of(),
                        List.of("experiments/cached/model/step-00000040.params"),
                        Map.of("step", 40.0, "loss", 0.25),
                        0,
                        1)));
        m.startWorkers(env);
        ExperimentResult result = stub(env, "cached").run(MockActivities.spec("cached", 2));

        verify(m.data, never()).preprocessCase(any());
        verify(m.training, never()).latestCheckpoint(anyString(), anyString());
        verify(m.training, never()).trainSegment(any());
        verify(m.stages, never())
                .publishStage(
                        anyString(),
                        org.mockito.ArgumentMatchers.argThat(s -> s.stage().equals("train")));
        assertEquals(List.of("preprocess", "train"), result.skippedStages());
        assertEquals("experiments/cached/model/step-00000040.params", result.checkpointKey());
        assertEquals(0.25, result.finalLoss());
    }

    @Test
    void relaunchResumesTrainingFromLatestCheckpoint(TestWorkflowEnvironment env) {
        MockActivities m = new MockActivities();
        when(m.training.latestCheckpoint(anyString(), anyString()))
                .thenReturn(new TrainingProgress(20, "experiments/again/model/step-00000020.params", 0.3));
        m.startWorkers(env);
        stub(env, "again").run(MockActivities.spec("again", 2));

        verify(m.training, times(1))
                .trainSegment(org.mockito.ArgumentMatchers.argThat(
                        (TrainSegmentRequest r) -> r.from().step() == 20
                                && r.toStep() == 40
                                && r.from().checkpointKey().endsWith("step-00000020.params")));
    }

    @Test
    void badSpecFailsAtOnceWithNonRetryableFailureNamingTheField(TestWorkflowEnvironment env) {
        MockActivities m = new MockActivities();
        m.startWorkers(env);
        ExperimentSpec spec = MockActivities.spec("bad", 2);
        ExperimentSpec bad = new ExperimentSpec(
                spec.experimentId(),
                spec.dataset(),
                spec.preprocessing(),
                spec.residual(),
                null,
                spec.training(),
                List.of(
                        MethodSpec.of("gradcam"),
                        MethodSpec.of("layercam"),
                        MethodSpec.of("tonno").withSampling(0, 5)),
                null,
                null,
                null,
                null);

        WorkflowFailedException e = assertThrows(
                WorkflowFailedException.class, () -> stub(env, "bad").run(bad));
        ApplicationFailure failure = assertInstanceOf(ApplicationFailure.class, e.getCause());
        assertEquals("InvalidInput", failure.getType());
        assertTrue(failure.isNonRetryable());
        assertTrue(
                failure.getOriginalMessage().contains("methods[2].directions: must be between 1 and 20000, got 0"),
                failure.getOriginalMessage());
        verifyNoInteractions(m.data, m.training, m.reconstruction, m.evaluation, m.stages);
    }

    @Test
    void aSpecFieldOfTheWrongTypeFailsTheWorkflowNamingIt(TestWorkflowEnvironment env) {
        MockActivities m = new MockActivities();
        m.startWorkers(env);
        WorkflowStub untyped = env.getWorkflowClient()
                .newUntypedWorkflowStub(
                        "ExperimentWorkflow",
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(TaskQueues.WORKFLOW)
                                .setWorkflowId("badtype")
                                .setWorkflowExecutionTimeout(Duration.ofSeconds(20))
                                .build());
        untyped.start(Map.of("experimentId", "badtype", "dataset", "d.json", "training", Map.of("steps", "many")));

        WorkflowFailedException e =
                assertThrows(WorkflowFailedException.class, () -> untyped.getResult(ExperimentResult.class));
        ApplicationFailure failure = assertInstanceOf(ApplicationFailure.class, e.getCause());
        assertTrue(failure.getOriginalMessage().contains("steps"), failure.getOriginalMessage());
        verifyNoInteractions(m.data);
    }

    @Test
    void invalidDatasetFailsTheWorkflowWithTheActivitysMessage(TestWorkflowEnvironment env) {
        MockActivities m = new MockActivities();
        when(m.data.validateDataset(any()))
                .thenThrow(ApplicationFailure.newNonRetryableFailure(
                        "datasets/toy/dataset.json: cases[3].label: must be 0 or 1, got 2", "InvalidInput"));
        m.startWorkers(env);

        WorkflowFailedException e = assertThrows(
                WorkflowFailedException.class, () -> stub(env, "baddata").run(MockActivities.spec("baddata", 2)));
        ApplicationFailure failure = assertInstanceOf(ApplicationFailure.class, e.getCause());
        assertEquals("InvalidInput", failure.getType());
        assertTrue(failure.getOriginalMessage().contains("cases[3].label"), failure.getOriginalMessage());
        verify(m.data, times(1)).validateDataset(any());
        verifyNoInteractions(m.training);
    }

    @Test
    void pauseHoldsTrainingUntilResumeAndProgressReportsIt(TestWorkflowEnvironment env) throws Exception {
        MockActivities m = new MockActivities();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstSegmentStarted = new CountDownLatch(1);
        doAnswer(inv -> {
                    TrainSegmentRequest r = inv.getArgument(0);
                    firstSegmentStarted.countDown();
                    release.await(30, TimeUnit.SECONDS);
                    return new TrainingProgress(r.toStep(), "ck-" + r.toStep(), 0.5);
                })
                .when(m.training)
                .trainSegment(any());
        m.startWorkers(env);
        ExperimentWorkflow wf = stub(env, "pause");
        WorkflowClient.start(wf::run, MockActivities.spec("pause", 2));
        assertTrue(firstSegmentStarted.await(30, TimeUnit.SECONDS));

        wf.pause();
        release.countDown();
        waitFor(() -> wf.progress().step() == 20 && wf.progress().paused());
        Thread.sleep(300);
        Progress held = wf.progress();
        assertEquals("train", held.stage());
        assertEquals(40, held.steps());
        assertEquals(0.5, held.loss());
        verify(m.training, times(1)).trainSegment(any());

        wf.resume();
        ExperimentResult result = WorkflowStub.fromTyped(wf).getResult(ExperimentResult.class);
        assertEquals(40, result.trainedSteps());
        verify(m.training, times(2)).trainSegment(any());
        assertEquals("done", wf.progress().stage());
    }

    @Test
    void stopEarlyEndsTrainingAfterTheRunningSegment(TestWorkflowEnvironment env) throws Exception {
        MockActivities m = new MockActivities();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        doAnswer(inv -> {
                    TrainSegmentRequest r = inv.getArgument(0);
                    started.countDown();
                    release.await(30, TimeUnit.SECONDS);
                    return new TrainingProgress(r.toStep(), "ck-" + r.toStep(), 0.5);
                })
                .when(m.training)
                .trainSegment(any());
        m.startWorkers(env);
        ExperimentWorkflow wf = stub(env, "stop");
        WorkflowClient.start(wf::run, MockActivities.spec("stop", 2));
        assertTrue(started.await(30, TimeUnit.SECONDS));
        wf.stopEarly();
        waitFor(() -> wf.progress().stopRequested());
        release.countDown();

        ExperimentResult result = WorkflowStub.fromTyped(wf).getResult(ExperimentResult.class);
        assertTrue(result.stoppedEarly());
        assertEquals(20, result.trainedSteps());
        assertEquals("ck-20", result.checkpointKey());
        verify(m.training, times(1)).trainSegment(any());
        verify(m.evaluation).report(any());
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 30 s");
            }
            Thread.sleep(20);
        }
    }
}
