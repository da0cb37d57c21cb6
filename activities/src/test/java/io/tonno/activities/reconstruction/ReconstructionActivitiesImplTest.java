package io.tonno.activities.reconstruction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.testing.TestActivityEnvironment;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.activities.store.S3ProxyFixture;
import io.tonno.activities.training.TrainingSpecs;
import io.tonno.activities.work.Workspace;
import io.tonno.classifier.heatmap.HeatmapChunk;
import io.tonno.classifier.heatmap.HeatmapMethod;
import io.tonno.classifier.heatmap.HeatmapMethods;
import io.tonno.classifier.heatmap.MethodSettings;
import io.tonno.classifier.inference.SliceModel;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.training.LabeledVolume;
import io.tonno.classifier.training.TrainingRun;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.activity.ChunkRequest;
import io.tonno.workflows.activity.ChunkResult;
import io.tonno.workflows.activity.Heatmap;
import io.tonno.workflows.activity.PreparedCase;
import io.tonno.workflows.activity.ReconstructionActivities;
import io.tonno.workflows.activity.ReduceRequest;
import io.tonno.workflows.reconstruction.ChunkPlan;
import io.tonno.workflows.spec.MethodSpec;
import io.tonno.workflows.spec.ModelSpec;
import io.tonno.workflows.spec.TrainingSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real chunk and reduce activities with a (briefly) trained ResNet-10-T on a synthetic 16³ volume, in
 * Temporal's activity test environment against s3proxy: a ToNNO heatmap reduced from chunks equals the
 * in-process reconstruction of all directions at once ({@code HeatmapMethods}), voxel for voxel, for several chunk
 * sizes (Averaged and Tomographic LayerCAM to 1e-6 of their peak; a three-axes LayerCAM bit for bit); each chunk
 * is one object (no temporary keys) with its timing file; a chunk already published is not recomputed;
 * chunks heartbeat their progress.
 */
class ReconstructionActivitiesImplTest {
    private static final String EXP = "recon";
    private static final int L = 24;
    private static final int M = 8;

    @TempDir
    static Path dir;

    static Volume volume;
    static Path checkpoint;
    static CaseEntry kase;
    static final ModelSpec MODEL = ModelSpec.of("resnet10t", "gn", 16, "cpu");

    @BeforeAll
    static void trainTwoSteps() throws Exception {
        Dataset ds = SyntheticDataset.write(dir.resolve("ds"), new SynthSettings(6, 16, 5, 0.5));
        List<LabeledVolume> train = new ArrayList<>();
        for (CaseEntry c : ds.cases()) {
            train.add(new LabeledVolume(c.id(), Nifti.read(c.image()), c.label()));
        }
        kase = ds.cases().get(0);
        volume = Nifti.read(kase.image());
        Path out = dir.resolve("train");
        new TrainingRun(
                        TrainingSpecs.config(
                                MODEL,
                                new TrainingSpec(
                                        2, 2, 2, null, null, 0, 2, 0, 3L, 2, null, null, null, null, null, null, null,
                                        null, null, null),
                                "cpu"),
                        train,
                        List.of(),
                        out)
                .run(false, 2, (s, t, l, lr, sps) -> {});
        checkpoint = out.resolve(TrainingRun.CHECKPOINT);
    }

    @Test
    void chunkedHeatmapEqualsTheWholeReconstructionAndChunksArePublishedOnce() throws Exception {
        MethodSpec method = MethodSpec.of("tonno").withSampling(L, M).withSliceSize(16);
        MethodSpec threeAxes = MethodSpec.of("layercam", null, 2, "all").withSliceSize(16);
        float[] whole;
        float[] wholeThreeAxes;
        long[] scored = {0};
        // The activity scores ToNNO with the spec's engine (auto: ONNX Runtime on the CPU); so does the reference.
        try (SliceModel net = ExperimentNetworks.loadModel(ArtifactKeys.checkpoint(EXP, 2), checkpoint, MODEL, "cpu")) {
            MethodSettings settings = settings(method);
            whole = HeatmapMethods.combine(
                            HeatmapMethod.TONNO,
                            List.of(HeatmapMethods.computeChunk(net, volume, settings, 0, L, n -> scored[0] += n)),
                            volume,
                            1)
                    .data();
            wholeThreeAxes =
                    HeatmapMethods.compute(net, volume, settings(threeAxes)).data();
        }
        try (S3ProxyFixture s3 = new S3ProxyFixture(Files.createDirectories(dir.resolve("s3")));
                ArtifactStore store = MinioArtifactStore.connect(s3.settings("recon"))) {
            PreparedCase image = upload(store);
            try (ReconstructionActivitiesImpl impl =
                    new ReconstructionActivitiesImpl(new Workspace(store, dir.resolve("work")), "cpu", 1)) {
                // 5 directions per chunk: 40 slices, so the network's batches of 32 straddle chunk ends differently
                // from the whole run's.
                for (int perChunk : new int[] {5, 8, L}) {
                    MethodSpec labelled = MethodSpec.of("tonno")
                            .withSampling(L, M)
                            .withSliceSize(16)
                            .withLabel("tonno-" + perChunk);
                    List<ChunkPlan.Chunk> plan =
                            ChunkPlan.of(labelled, perChunk).chunks();
                    Set<Object> beats = ConcurrentHashMap.newKeySet();
                    ReconstructionActivities activities = activities(impl, beats);
                    long slices = 0;
                    for (ChunkPlan.Chunk c : plan) {
                        ChunkResult r = activities.reconstructChunk(request(labelled, image, c));
                        slices += r.slices();
                        assertTrue(store.exists(ArtifactKeys.chunkTiming(EXP, labelled.key(), kase.id(), c.index())));
                    }
                    // Every slice scored; batches straddling a chunk's ends are scored whole, at most two per chunk.
                    assertTrue(slices >= scored[0] && slices <= scored[0] + 2L * 32 * plan.size(), slices + " slices");
                    assertFalse(beats.isEmpty(), "chunks heartbeat their progress");
                    for (String k : store.list("experiments/" + EXP + "/")) {
                        assertFalse(ArtifactStore.isTemporary(k), k);
                    }
                    String heatmapKey = ArtifactKeys.heatmap(EXP, labelled.key(), kase.id());
                    Heatmap h = activities.reduce(
                            new ReduceRequest(EXP, kase.id(), labelled, image, plan.size(), heatmapKey));
                    assertEquals(heatmapKey, h.heatmapKey());
                    Path local = dir.resolve("heat-" + perChunk + ".nii.gz");
                    store.getFile(heatmapKey, local);
                    assertArrayEquals(whole, Nifti.read(local).data(), perChunk + " directions per chunk");

                    // A retried chunk whose output exists returns at once (0 slices scored) and leaves it alone.
                    ChunkPlan.Chunk c0 = plan.get(0);
                    String key0 = ArtifactKeys.chunk(EXP, labelled.key(), kase.id(), 0);
                    byte[] before = store.get(key0);
                    ChunkResult again = activities.reconstructChunk(request(labelled, image, c0));
                    assertEquals(0, again.slices());
                    assertArrayEquals(before, store.get(key0));
                }
                // A 2D baseline on three axes: one chunk per axis, reduced to what tonno compare computes, bit for bit.
                ReconstructionActivities activities = activities(impl, ConcurrentHashMap.newKeySet());
                for (ChunkPlan.Chunk c : ChunkPlan.of(threeAxes, L).chunks()) {
                    activities.reconstructChunk(request(threeAxes, image, c));
                }
                String heatmapKey = ArtifactKeys.heatmap(EXP, threeAxes.key(), kase.id());
                activities.reduce(new ReduceRequest(EXP, kase.id(), threeAxes, image, 3, heatmapKey));
                store.getFile(heatmapKey, dir.resolve("heat-all.nii.gz"));
                assertArrayEquals(
                        wholeThreeAxes,
                        Nifti.read(dir.resolve("heat-all.nii.gz")).data());
            }
        }
    }

    /**
     * {@code offsets: adaptive} through the fan-out: chunks of 5 directions cut the blocks of 16 that the refinement
     * passes batch together, and the reduced heatmap still equals the whole one bit for bit, for fewer slices than
     * body offsets score.
     */
    @Test
    void adaptiveOffsetsInChunksGiveTheWholeHeatmap() throws Exception {
        int directions = 40;
        MethodSpec adaptive = new MethodSpec(
                "tonno",
                null,
                null,
                null,
                directions,
                30,
                16,
                null,
                null,
                null,
                "adaptive:0.01",
                "tonno-adaptive",
                null);
        MethodSpec body = new MethodSpec(
                "tonno", null, null, null, directions, 30, 16, null, null, null, "body", "tonno-body", null);
        float[] whole;
        long[] scored = {0, 0};
        try (SliceModel net = ExperimentNetworks.loadModel(ArtifactKeys.checkpoint(EXP, 2), checkpoint, MODEL, "cpu")) {
            whole = HeatmapMethods.compute(net, volume, settings(adaptive)).data();
            HeatmapMethods.computeChunk(net, volume, settings(adaptive), 0, directions, n -> scored[0] += n);
            HeatmapMethods.computeChunk(net, volume, settings(body), 0, directions, n -> scored[1] += n);
        }
        assertTrue(scored[0] < scored[1], "adaptive " + scored[0] + " slices, body " + scored[1]);
        try (S3ProxyFixture s3 = new S3ProxyFixture(Files.createDirectories(dir.resolve("s3-adaptive")));
                ArtifactStore store = MinioArtifactStore.connect(s3.settings("adaptive"))) {
            PreparedCase image = upload(store);
            try (ReconstructionActivitiesImpl impl =
                    new ReconstructionActivitiesImpl(new Workspace(store, dir.resolve("work-adaptive")), "cpu", 1)) {
                ReconstructionActivities activities = activities(impl, ConcurrentHashMap.newKeySet());
                List<ChunkPlan.Chunk> plan = ChunkPlan.of(adaptive, 5).chunks();
                for (ChunkPlan.Chunk c : plan) {
                    activities.reconstructChunk(request(adaptive, image, c));
                }
                String heatmapKey = ArtifactKeys.heatmap(EXP, adaptive.key(), kase.id());
                activities.reduce(new ReduceRequest(EXP, kase.id(), adaptive, image, plan.size(), heatmapKey));
                store.getFile(heatmapKey, dir.resolve("heat-adaptive.nii.gz"));
                assertArrayEquals(
                        whole, Nifti.read(dir.resolve("heat-adaptive.nii.gz")).data());
            }
        }
    }

    @Test
    void chunkedAveragedAndTomographicCamsMatchTheWholeReconstruction() throws Exception {
        for (String name : new String[] {"averaged", "tomographic"}) {
            MethodSpec m =
                    MethodSpec.of(name, "layercam", 2, null).withSampling(L, M).withSliceSize(16);
            MethodSettings settings = settings(m);
            try (ResNet net = ExperimentNetworks.load(checkpoint, MODEL, "cpu")) {
                float[] whole = HeatmapMethods.compute(net, volume, settings).data();
                double peak = 0;
                for (float v : whole) {
                    peak = Math.max(peak, Math.abs(v));
                }
                assertTrue(peak > 0, name + " heatmap is not empty");
                for (int perChunk : new int[] {5, 8}) {
                    List<HeatmapChunk> parts = new ArrayList<>();
                    for (ChunkPlan.Chunk c : ChunkPlan.of(m, perChunk).chunks()) {
                        parts.add(HeatmapMethods.computeChunk(net, volume, settings, c.first(), c.count(), n -> {}));
                    }
                    float[] chunked = HeatmapMethods.combine(settings.method(), parts, volume, 1)
                            .data();
                    // Partial volumes are summed per chunk: equal up to double rounding (bit-identical here).
                    for (int i = 0; i < whole.length; i++) {
                        assertEquals(whole[i], chunked[i], 1e-6 * peak, name + " per " + perChunk + " voxel " + i);
                    }
                }
            }
        }
    }

    /** What the chunk activity computes for {@code m}: one thread, batches of 32. */
    private static MethodSettings settings(MethodSpec m) {
        return MethodSpecs.settings(m, MODEL.sliceSize(), 1, MethodSettings.DEFAULT_BATCH);
    }

    /** Puts the case's image and the checkpoint into {@code store}; the case as the activities see it. */
    private static PreparedCase upload(ArtifactStore store) throws Exception {
        store.putFile(ArtifactKeys.image(EXP, kase.id()), kase.image());
        store.putFile(ArtifactKeys.checkpoint(EXP, 2), checkpoint);
        return new PreparedCase(
                kase.id(), ArtifactKeys.image(EXP, kase.id()), ArtifactKeys.foreground(EXP, kase.id()), null);
    }

    /** The request of chunk {@code c} of {@code method}'s plan for the case, written to its chunk key. */
    private static ChunkRequest request(MethodSpec method, PreparedCase image, ChunkPlan.Chunk c) {
        return new ChunkRequest(
                EXP,
                kase.id(),
                method,
                MODEL,
                ArtifactKeys.checkpoint(EXP, 2),
                image,
                c.index(),
                c.first(),
                c.count(),
                c.total(),
                ArtifactKeys.chunk(EXP, method.key(), kase.id(), c.index()));
    }

    private static ReconstructionActivities activities(ReconstructionActivitiesImpl impl, Set<Object> beats) {
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        env.registerActivitiesImplementations(impl);
        env.setActivityHeartbeatListener(Object.class, beats::add);
        return env.newActivityStub(ReconstructionActivities.class);
    }
}
