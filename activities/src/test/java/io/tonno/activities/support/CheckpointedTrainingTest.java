package io.tonno.activities.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.Activity;
import io.temporal.testing.TestActivityEnvironment;
import io.tonno.workflows.activity.TrainSegmentRequest;
import io.tonno.workflows.activity.TrainingActivities;
import io.tonno.workflows.activity.TrainingProgress;
import io.tonno.workflows.spec.ModelSpec;
import io.tonno.workflows.spec.TrainingSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A training activity built on {@link CheckpointedTraining} with a recording trainer (the network
 * is not under test): what a retry does with the previous attempt's heartbeat.
 */
class CheckpointedTrainingTest {
    /** Records each interval it is asked to train; its "checkpoint" is named after the step. */
    static final class RecordingTrainer implements CheckpointedTraining.TrainingRun {
        final List<String> intervals = new CopyOnWriteArrayList<>();
        final List<Integer> published = new CopyOnWriteArrayList<>();
        volatile TrainingProgress latest;

        @Override
        public TrainingProgress advance(TrainSegmentRequest request, TrainingProgress from, int toStep, Runnable beat) {
            intervals.add(from.step() + "(" + from.checkpointKey() + ")->" + toStep);
            for (int s = from.step(); s < toStep; s++) {
                beat.run();
            }
            return new TrainingProgress(toStep, "ck-" + toStep, 1.0 / toStep);
        }

        @Override
        public void published(TrainSegmentRequest request, TrainingProgress progress) {
            published.add(progress.step());
        }

        @Override
        public java.util.Optional<TrainingProgress> latest(TrainSegmentRequest request) {
            return java.util.Optional.ofNullable(latest);
        }
    }

    static final class Training implements TrainingActivities {
        final RecordingTrainer trainer = new RecordingTrainer();

        @Override
        public TrainingProgress latestCheckpoint(String experimentId, String trainingHash) {
            return TrainingProgress.NONE;
        }

        @Override
        public TrainingProgress trainSegment(TrainSegmentRequest request) {
            return CheckpointedTraining.run(Activity.getExecutionContext(), request, trainer);
        }

        @Override
        public TrainingProgress publishModel(String experimentId, io.tonno.workflows.spec.ModelSpec model) {
            throw new UnsupportedOperationException("these tests train; none brings a model");
        }
    }

    private TestActivityEnvironment env;
    private Training impl;
    private TrainingActivities activity;
    private final List<TrainingProgress> beats = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        env = TestActivityEnvironment.newInstance();
        impl = new Training();
        env.registerActivitiesImplementations(impl);
        env.setActivityHeartbeatListener(TrainingProgress.class, beats::add);
        activity = env.newActivityStub(TrainingActivities.class);
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    private static TrainSegmentRequest segment(TrainingProgress from, int to) {
        TrainingSpec training = new TrainingSpec(
                100, null, null, null, null, null, 10, null, 3L, 50, null, null, null, null, null, null, null, null,
                null, null);
        return new TrainSegmentRequest("e1", "hash", ModelSpec.defaults(), training, List.of(), List.of(), from, to);
    }

    @Test
    void retryResumesFromTheLastHeartbeatsCheckpoint() {
        env.setHeartbeatDetails(new TrainingProgress(30, "ck-30", 0.4));
        TrainingProgress done = activity.trainSegment(segment(TrainingProgress.NONE, 50));

        assertEquals(List.of("30(ck-30)->40", "40(ck-40)->50"), impl.trainer.intervals);
        assertEquals(new TrainingProgress(50, "ck-50", 1.0 / 50), done);
    }

    @Test
    void firstAttemptStartsFromTheRequestAndHeartbeatsEveryCheckpoint() {
        TrainingProgress done = activity.trainSegment(segment(new TrainingProgress(50, "ck-50", 0.1), 75));

        assertEquals(List.of("50(ck-50)->60", "60(ck-60)->70", "70(ck-70)->75"), impl.trainer.intervals);
        assertEquals(List.of(60, 70, 75), impl.trainer.published);
        assertEquals(75, done.step());
        // The SDK throttles heartbeats, so not every one reaches the server; but each one names a
        // checkpoint that was already written, never the weights in between.
        assertFalse(beats.isEmpty());
        for (TrainingProgress beat : beats) {
            assertTrue(List.of(50, 60, 70, 75).contains(beat.step()), beat.toString());
            assertEquals("ck-" + beat.step(), beat.checkpointKey());
        }
    }

    @Test
    void aHeartbeatBehindTheRequestedStartIsIgnored() {
        env.setHeartbeatDetails(new TrainingProgress(10, "ck-10", 0.9));
        activity.trainSegment(segment(new TrainingProgress(50, "ck-50", 0.1), 60));
        assertEquals(List.of("50(ck-50)->60"), impl.trainer.intervals);
    }

    @Test
    void retryResumesFromThePublishedCheckpointWhenTheLastHeartbeatsNeverReachedTheServer() {
        env.setHeartbeatDetails(new TrainingProgress(20, "ck-20", 0.4));
        impl.trainer.latest = new TrainingProgress(40, "ck-40", 0.3);
        activity.trainSegment(segment(TrainingProgress.NONE, 50));
        assertEquals(List.of("40(ck-40)->50"), impl.trainer.intervals);
    }

    @Test
    void aPublishedCheckpointOutsideTheSegmentIsIgnored() {
        impl.trainer.latest = new TrainingProgress(70, "ck-70", 0.3);
        activity.trainSegment(segment(new TrainingProgress(50, "ck-50", 0.1), 60));
        assertEquals(List.of("50(ck-50)->60"), impl.trainer.intervals);
    }
}
