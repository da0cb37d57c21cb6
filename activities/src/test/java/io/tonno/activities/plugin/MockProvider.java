package io.tonno.activities.plugin;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.tonno.workflows.ArtifactKeys;
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
import io.tonno.workflows.activity.TrainSegmentRequest;
import io.tonno.workflows.activity.TrainingActivities;
import io.tonno.workflows.activity.TrainingProgress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** An {@link ActivityProvider} of Mockito mocks answering from their requests (the science is not under test). */
public final class MockProvider implements ActivityProvider {
    public final DataActivities data = mock(DataActivities.class, withSettings().withoutAnnotations());
    public final TrainingActivities training =
            mock(TrainingActivities.class, withSettings().withoutAnnotations());
    public final ReconstructionActivities reconstruction =
            mock(ReconstructionActivities.class, withSettings().withoutAnnotations());
    public final EvaluationActivities evaluation =
            mock(EvaluationActivities.class, withSettings().withoutAnnotations());
    public final AtomicBoolean closed = new AtomicBoolean();
    public int cpuCalls;
    public int gpuCalls;

    public MockProvider() {
        when(data.validateDataset(any()))
                .thenReturn(new DatasetInfo(
                        "d.json",
                        List.of(
                                new CaseRef("t1", 1, CaseRef.TRAIN, false),
                                new CaseRef("c1", 1, CaseRef.CALIBRATION, true),
                                new CaseRef("x1", 0, CaseRef.TEST, true))));
        when(data.preprocessCase(any())).thenAnswer(inv -> {
            PreprocessRequest r = inv.getArgument(0);
            String id = r.kase().caseId();
            return new PreparedCase(
                    id,
                    ArtifactKeys.image(r.experimentId(), id),
                    ArtifactKeys.foreground(r.experimentId(), id),
                    ArtifactKeys.mask(r.experimentId(), id));
        });
        when(training.latestCheckpoint(any(), any())).thenReturn(TrainingProgress.NONE);
        when(training.trainSegment(any())).thenAnswer(inv -> {
            TrainSegmentRequest r = inv.getArgument(0);
            return new TrainingProgress(r.toStep(), ArtifactKeys.checkpoint(r.experimentId(), r.toStep()), 0.1);
        });
        when(reconstruction.reconstructChunk(any())).thenAnswer(inv -> {
            ChunkRequest r = inv.getArgument(0);
            return new ChunkResult(r.chunkIndex(), r.outputKey(), r.count());
        });
        when(reconstruction.reduce(any())).thenAnswer(inv -> {
            ReduceRequest r = inv.getArgument(0);
            return new Heatmap(r.caseId(), r.method().key(), r.heatmapKey(), 0, 1);
        });
        when(evaluation.calibrate(any())).thenAnswer(inv -> {
            CalibrateRequest r = inv.getArgument(0);
            return new Calibration(r.methodKey(), 0.4, 0.5);
        });
        when(evaluation.evaluate(any())).thenAnswer(inv -> {
            EvaluateRequest r = inv.getArgument(0);
            return new MethodScore(
                    r.calibration().methodKey(),
                    0.4,
                    1,
                    1,
                    1,
                    0.6,
                    1,
                    1,
                    r.cases().size(),
                    r.outputKey());
        });
        when(evaluation.report(any())).thenReturn(new Report("r.json", "r.md", "index.html"));
    }

    @Override
    public List<Object> cpuActivities(ActivityContext context) {
        cpuCalls++;
        return List.of(data, evaluation);
    }

    @Override
    public List<Object> gpuActivities(ActivityContext context) {
        gpuCalls++;
        return List.of(training, reconstruction);
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
