package io.tonno.workflows;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.tonno.workflows.activity.CalibrateRequest;
import io.tonno.workflows.activity.Calibration;
import io.tonno.workflows.activity.CaseRef;
import io.tonno.workflows.activity.ChunkRequest;
import io.tonno.workflows.activity.ChunkResult;
import io.tonno.workflows.activity.DataActivities;
import io.tonno.workflows.activity.DatasetInfo;
import io.tonno.workflows.activity.EvaluateRequest;
import io.tonno.workflows.activity.EvaluationActivities;
import io.tonno.workflows.activity.Heatmap;
import io.tonno.workflows.activity.MethodScore;
import io.tonno.workflows.activity.PreparedCase;
import io.tonno.workflows.activity.PreprocessRequest;
import io.tonno.workflows.activity.ReconstructionActivities;
import io.tonno.workflows.activity.ReduceRequest;
import io.tonno.workflows.activity.Report;
import io.tonno.workflows.activity.StageActivities;
import io.tonno.workflows.activity.StageLookup;
import io.tonno.workflows.activity.TrainSegmentRequest;
import io.tonno.workflows.activity.TrainingActivities;
import io.tonno.workflows.activity.TrainingProgress;
import io.tonno.workflows.spec.ExperimentSpec;
import io.tonno.workflows.spec.FanoutSpec;
import io.tonno.workflows.spec.MethodSpec;
import io.tonno.workflows.spec.TrainingSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mockito mocks of every activity interface with answers derived from their requests (the science
 * is not under test here), plus a gauge of reconstruction chunks running at once.
 */
public final class MockActivities {
    public final DataActivities data = mock(DataActivities.class, withSettings().withoutAnnotations());
    public final TrainingActivities training =
            mock(TrainingActivities.class, withSettings().withoutAnnotations());
    public final ReconstructionActivities reconstruction =
            mock(ReconstructionActivities.class, withSettings().withoutAnnotations());
    public final EvaluationActivities evaluation =
            mock(EvaluationActivities.class, withSettings().withoutAnnotations());
    public final StageActivities stages =
            mock(StageActivities.class, withSettings().withoutAnnotations());

    public final AtomicInteger chunksRunning = new AtomicInteger();
    public final AtomicInteger maxChunksRunning = new AtomicInteger();
    public volatile long chunkMillis;

    public static final DatasetInfo DATASET = new DatasetInfo(
            "datasets/toy/dataset.json",
            List.of(
                    new CaseRef("t1", 1, CaseRef.TRAIN, false),
                    new CaseRef("t2", 0, CaseRef.TRAIN, false),
                    new CaseRef("c1", 1, CaseRef.CALIBRATION, true),
                    new CaseRef("x1", 1, CaseRef.TEST, true),
                    new CaseRef("x2", 0, CaseRef.TEST, true)));

    public MockActivities() {
        when(data.validateDataset(any())).thenReturn(DATASET);
        when(data.preprocessCase(any())).thenAnswer(inv -> {
            PreprocessRequest r = inv.getArgument(0);
            return PreparedCase.of(r.experimentId(), r.kase());
        });
        when(data.buildTemplate(any()))
                .thenAnswer(inv -> ArtifactKeys.template(inv.<io.tonno.workflows.activity.TemplateRequest>getArgument(0)
                        .experimentId()));
        when(data.residualCase(any())).thenAnswer(inv -> {
            io.tonno.workflows.activity.ResidualRequest r = inv.getArgument(0);
            return PreparedCase.of(r.experimentId(), r.kase());
        });
        when(training.latestCheckpoint(any(), any())).thenReturn(TrainingProgress.NONE);
        when(training.trainSegment(any())).thenAnswer(inv -> {
            TrainSegmentRequest r = inv.getArgument(0);
            return new TrainingProgress(
                    r.toStep(), ArtifactKeys.checkpoint(r.experimentId(), r.toStep()), 1.0 / (1 + r.toStep()));
        });
        when(reconstruction.reconstructChunk(any())).thenAnswer(inv -> {
            ChunkRequest r = inv.getArgument(0);
            int now = chunksRunning.incrementAndGet();
            maxChunksRunning.accumulateAndGet(now, Math::max);
            try {
                if (chunkMillis > 0) {
                    Thread.sleep(chunkMillis);
                }
            } finally {
                chunksRunning.decrementAndGet();
            }
            return new ChunkResult(r.chunkIndex(), r.outputKey(), (long) r.count() * 10);
        });
        when(reconstruction.reduce(any())).thenAnswer(inv -> {
            ReduceRequest r = inv.getArgument(0);
            return new Heatmap(r.caseId(), r.method().key(), r.heatmapKey(), -1, 2);
        });
        when(evaluation.calibrate(any())).thenAnswer(inv -> {
            CalibrateRequest r = inv.getArgument(0);
            return new Calibration(r.methodKey(), 0.5, 0.6);
        });
        when(evaluation.evaluate(any())).thenAnswer(inv -> {
            EvaluateRequest r = inv.getArgument(0);
            return new MethodScore(
                    r.calibration().methodKey(),
                    r.calibration().threshold(),
                    0.8,
                    0.7,
                    0.75,
                    0.5,
                    0.9,
                    0.95,
                    r.cases().size(),
                    r.outputKey());
        });
        when(evaluation.report(any()))
                .thenAnswer(inv -> new Report("results/results.json", "results/results.md", "report/index.html"));
        when(stages.lookupStage(any(), any(), any())).thenReturn(StageLookup.miss("no manifest"));
    }

    /**
     * The activity methods called on all mocks except the stage-manifest ones, in call order, with
     * consecutive repeats collapsed (so fan-outs read as one entry).
     */
    public List<String> scienceCallSequence() {
        List<org.mockito.invocation.Invocation> all = new java.util.ArrayList<>();
        for (Object mock : List.of(data, training, reconstruction, evaluation, stages)) {
            all.addAll(org.mockito.Mockito.mockingDetails(mock).getInvocations());
        }
        all.sort(java.util.Comparator.comparingInt(org.mockito.invocation.Invocation::getSequenceNumber));
        List<String> names = new java.util.ArrayList<>();
        for (org.mockito.invocation.Invocation i : all) {
            String name = i.getMethod().getName();
            if (name.endsWith("Stage")) {
                continue;
            }
            if (names.isEmpty() || !names.get(names.size() - 1).equals(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** Registers the workflows on {@code tonno} and the mocks on {@code tonno-cpu} / {@code tonno-gpu}, then starts. */
    public void startWorkers(TestWorkflowEnvironment env) {
        Worker workflows = env.newWorker(TaskQueues.WORKFLOW);
        WorkflowImplementations.register(workflows, OrchestrationSettings.DEFAULT);
        env.newWorker(TaskQueues.CPU).registerActivitiesImplementations(data, evaluation, stages);
        env.newWorker(TaskQueues.GPU).registerActivitiesImplementations(training, reconstruction);
        env.start();
    }

    /**
     * A small spec: 40 training steps in segments of 20, ToNNO with L=20 in chunks of 5 and axial
     * GradCAM, one reconstruction at a time with at most {@code chunksInFlight} chunks.
     */
    public static ExperimentSpec spec(String id, int chunksInFlight) {
        return new ExperimentSpec(
                id,
                "datasets/toy/dataset.json",
                null,
                false,
                null,
                new TrainingSpec(
                        40, 2, 2, null, null, 0, 10, null, 7L, 20, null, null, null, null, null, null, null, null, null,
                        null),
                List.of(MethodSpec.of("tonno").withSampling(20, 5).withSliceSize(32), MethodSpec.of("gradcam")),
                null,
                null,
                new FanoutSpec(5, chunksInFlight, 1, null),
                null);
    }
}
