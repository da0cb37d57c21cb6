package io.tonno.activities.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.activities.store.S3ProxyFixture;
import io.tonno.activities.work.Workspace;
import io.tonno.classifier.training.Checkpoint;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.activity.CaseRef;
import io.tonno.workflows.activity.TrainSegmentRequest;
import io.tonno.workflows.activity.TrainingActivities;
import io.tonno.workflows.activity.TrainingProgress;
import io.tonno.workflows.spec.ModelSpec;
import io.tonno.workflows.spec.TrainingSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real training activity on tiny settings, under Temporal's activity test environment. */
class TrainingRetryTest {
    @TempDir
    Path dir;

    @Test
    void retryWithHeartbeatDetailsResumesFromThatCheckpointAndReachesTheSameWeights() throws Exception {
        String exp = "retry";
        Dataset ds = SyntheticDataset.write(dir.resolve("ds"), new SynthSettings(6, 16, 3, 0.5));
        try (S3ProxyFixture s3 = new S3ProxyFixture(java.nio.file.Files.createDirectories(dir.resolve("s3")));
                ArtifactStore store = MinioArtifactStore.connect(s3.settings("retry"))) {
            List<CaseRef> train = new ArrayList<>();
            for (CaseEntry c : ds.cases(Split.TRAIN)) {
                store.putFile(ArtifactKeys.image(exp, c.id()), c.image());
                train.add(new CaseRef(c.id(), c.label(), CaseRef.TRAIN, c.hasMask()));
            }
            Workspace work = new Workspace(store, dir.resolve("work"));
            ModelSpec model = ModelSpec.of("resnet10t", "gn", 16, "auto");
            TrainingSpec training = new TrainingSpec(
                    10, 2, 2, 1e-3, 1e-4, 2, 5, 0, 1L, 10, null, null, null, null, null, null, null, null, null, null);
            TrainSegmentRequest request = new TrainSegmentRequest(
                    exp, "0123456789abcdef0123", model, training, train, List.of(), TrainingProgress.NONE, 10);

            // Uninterrupted segment: checkpoints at 5 and 10, heartbeats after each.
            TrainingProgress whole = run(work, request, null, new ArrayList<>());
            assertEquals(10, whole.step());
            float[] expected = fc(store, whole.checkpointKey());

            // Retry: the previous attempt heartbeated step 5 and was lost before step 10, so model/latest.json
            // (which a retry also consults and which is published with each checkpoint) says step 5 too.
            String latestAtTen = new String(store.get(ArtifactKeys.latestModel(exp)), StandardCharsets.UTF_8);
            store.put(
                    ArtifactKeys.latestModel(exp),
                    latestAtTen
                            .replace("\"step\":10", "\"step\":5")
                            .replace(ArtifactKeys.checkpoint(exp, 10), ArtifactKeys.checkpoint(exp, 5))
                            .getBytes(StandardCharsets.UTF_8));
            TrainingProgress five = new TrainingProgress(5, ArtifactKeys.checkpoint(exp, 5), 0.7);
            List<TrainingProgress> beats = new ArrayList<>();
            TrainingProgress retried = run(work, request, five, beats);
            assertEquals(10, retried.step());
            assertFalse(beats.isEmpty());
            assertTrue(beats.stream().allMatch(b -> b.step() >= 5), beats.toString());
            assertArrayEquals(expected, fc(store, retried.checkpointKey()));
            String latest = new String(store.get(ArtifactKeys.latestModel(exp)));
            assertTrue(latest.contains("\"step\":10"), latest);

            // A relaunch finds where training stands through model/latest.json (and only for the same hash).
            TrainingActivitiesImpl impl = new TrainingActivitiesImpl(work, "cpu");
            assertEquals(10, impl.latestCheckpoint(exp, "0123456789abcdef0123").step());
            assertEquals(TrainingProgress.NONE, impl.latestCheckpoint(exp, "another-hash-000000"));
        }
    }

    @Test
    void validationIntervalAddsValidationLinesToTheMetricsAndLeavesTheModelAsItWas() throws Exception {
        String exp = "validate";
        Dataset ds = SyntheticDataset.write(dir.resolve("ds"), new SynthSettings(12, 16, 3, 0.5));
        try (S3ProxyFixture s3 = new S3ProxyFixture(java.nio.file.Files.createDirectories(dir.resolve("s3")));
                ArtifactStore store = MinioArtifactStore.connect(s3.settings("validate"))) {
            List<CaseRef> train = new ArrayList<>();
            List<CaseRef> calibration = new ArrayList<>();
            for (CaseEntry c : ds.cases()) {
                store.putFile(ArtifactKeys.image(exp, c.id()), c.image());
                if (c.hasMask()) {
                    store.putFile(ArtifactKeys.mask(exp, c.id()), c.mask());
                }
                if (c.split() == Split.TRAIN) {
                    train.add(new CaseRef(c.id(), c.label(), CaseRef.TRAIN, c.hasMask()));
                } else if (c.split() == Split.CALIBRATION) {
                    calibration.add(new CaseRef(c.id(), c.label(), CaseRef.CALIBRATION, c.hasMask()));
                }
            }
            Workspace work = new Workspace(store, dir.resolve("work"));
            ModelSpec model = ModelSpec.of("resnet10t", "bn", 16, "auto");
            TrainingSpec plain = new TrainingSpec(
                    10, 2, 2, 1e-3, 1e-4, 2, 5, 0, 1L, 10, null, null, null, null, null, null, null, null, null, null);
            TrainingSpec validated = new TrainingSpec(
                    10, 2, 2, 1e-3, 1e-4, 2, 5, 5, 1L, 10, null, null, null, null, null, null, null, null, null, null);
            TrainingProgress without = run(
                    work,
                    new TrainSegmentRequest(
                            exp, "a0000000000000000000", model, plain, train, List.of(), TrainingProgress.NONE, 10),
                    null,
                    new ArrayList<>());
            float[] expected = fc(store, without.checkpointKey());
            TrainingProgress with = run(
                    work,
                    new TrainSegmentRequest(
                            exp,
                            "b0000000000000000000",
                            model,
                            validated,
                            train,
                            calibration,
                            TrainingProgress.NONE,
                            10),
                    null,
                    new ArrayList<>());
            assertArrayEquals(expected, fc(store, with.checkpointKey()));
            String metrics =
                    new String(store.get(ArtifactKeys.root(exp) + "model/metrics.jsonl"), StandardCharsets.UTF_8);
            List<String> validations =
                    metrics.lines().filter(l -> l.contains("valVolumeAuc")).toList();
            assertEquals(2, validations.size(), metrics);
            assertTrue(validations.get(0).startsWith("{\"step\":5,"), validations.get(0));
            assertTrue(validations.get(1).startsWith("{\"step\":10,"), validations.get(1));
            assertFalse(validations.get(1).contains("\"valLesionSliceAuc\":null"), validations.get(1));
        }
    }

    private static TrainingProgress run(
            Workspace work, TrainSegmentRequest request, TrainingProgress heartbeat, List<TrainingProgress> beats) {
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        try {
            env.registerActivitiesImplementations(new TrainingActivitiesImpl(work, "cpu"));
            if (heartbeat != null) {
                env.setHeartbeatDetails(heartbeat);
            }
            env.setActivityHeartbeatListener(TrainingProgress.class, beats::add);
            TrainingActivities stub = env.newActivityStub(
                    TrainingActivities.class,
                    ActivityOptions.newBuilder()
                            .setStartToCloseTimeout(Duration.ofMinutes(5))
                            .setRetryOptions(RetryOptions.newBuilder()
                                    .setMaximumAttempts(1)
                                    .build())
                            .build());
            return stub.trainSegment(request);
        } finally {
            env.close();
        }
    }

    private static float[] fc(ArtifactStore store, String key) throws Exception {
        Path tmp = java.nio.file.Files.createTempFile("ckpt", ".safetensors");
        try {
            store.getFile(key, tmp);
            Map<String, float[]> model = Checkpoint.read(tmp).model();
            return model.get("fc.weight");
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }
}
