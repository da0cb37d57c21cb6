package io.tonno.classifier.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.tonno.classifier.heatmap.DirectionScorer;
import io.tonno.classifier.heatmap.HeatmapMethod;
import io.tonno.classifier.heatmap.HeatmapMethods;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.sampling.Xoshiro256;
import io.tonno.imaging.Volume;
import io.tonno.tomography.ReconstructionSettings;
import io.tonno.tomography.SliceScorer;
import io.tonno.tomography.Timings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The compiled network (ONNX Runtime) computes the project's ResNet: batch norm folded, grey channel folded, group
 * norm as instance norm, for every norm kind, both input normalizations and every architecture; a slice's score
 * does not depend on its batch or on the thread count.
 */
class CompiledResNetTest {
    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/resnet10t_fixture.safetensors");

    private static float[] slices(int n, int size, long seed) {
        Xoshiro256 rng = new Xoshiro256(seed);
        float[] s = new float[n * size * size];
        double c = (size - 1) / 2.0;
        for (int b = 0; b < n; b++) {
            double cx = c + (rng.nextDouble() - 0.5) * size * 0.4;
            double cy = c + (rng.nextDouble() - 0.5) * size * 0.4;
            double r = size * (0.1 + 0.2 * rng.nextDouble());
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    double inside = Math.hypot(i - cx, j - cy) < r ? 0.6 : 0;
                    s[(b * size + i) * size + j] = (float) (inside + 0.3 * rng.nextDouble());
                }
            }
        }
        return s;
    }

    private static double[] score(SliceScorer scorer, float[] slices, int n, int size) {
        double[] out = new double[n];
        scorer.score(slices, n, size, size, out);
        return out;
    }

    /** Compiled scores equal the PyTorch-engine scores to 1e-4 of their spread. */
    private static void assertSameScores(ResNet net, int size) {
        int n = 6;
        float[] s = slices(n, size, 11);
        double[] expected = score(new ModelSliceScorer(net, 4, false), s, n, size);
        double[] got;
        try (ExportedNetwork compiled = CompiledResNet.compile(net, 1)) {
            got = score(compiled.scorer(4), s, n, size);
        }
        double spread = 0;
        for (double e : expected) {
            spread = Math.max(spread, Math.abs(e));
        }
        for (int i = 0; i < n; i++) {
            assertEquals(
                    expected[i],
                    got[i],
                    1e-4 * Math.max(spread, 1e-3),
                    net.layout().norm() + " " + net.inputNormalization() + " slice " + i);
        }
    }

    private static ResNet random(Architecture arch, NormKind norm, InputNormalization in, long seed) {
        ResNetLayout layout = new ResNetLayout(arch, norm, 1);
        ResNet net = new ResNet(layout, in, Device.cpu(), ResNetInit.random(layout, seed));
        if (norm.hasRunningStats()) {
            // Non-trivial statistics and affine, so that folding them is really tested.
            Xoshiro256 rng = new Xoshiro256(seed + 1);
            for (var p : layout.parameters()) {
                String name = p.name();
                if (name.endsWith("running_mean") || name.endsWith("running_var") || isNormAffine(name, layout)) {
                    float[] v = new float[(int) p.size()];
                    for (int i = 0; i < v.length; i++) {
                        double u = rng.nextDouble();
                        v[i] = (float)
                                (name.endsWith("running_var")
                                        ? 0.5 + u
                                        : name.endsWith("running_mean")
                                                ? 0.2 * (u - 0.5)
                                                : name.endsWith("weight") ? 0.5 + u : 0.2 * (u - 0.5));
                    }
                    net.set(name, v);
                }
            }
        }
        return net;
    }

    private static boolean isNormAffine(String name, ResNetLayout layout) {
        String base = name.substring(0, name.lastIndexOf('.'));
        return layout.parameters().stream().anyMatch(q -> q.name().equals(base + ".running_mean"));
    }

    @Test
    void batchNormFixtureFromPyTorchIsComputedTheSame() throws Exception {
        for (InputNormalization in : InputNormalization.values()) {
            try (ResNet net = Networks.load(FIXTURE, Architecture.RESNET10T, NormKind.BN, in, Device.cpu())) {
                assertSameScores(net, 40);
            }
        }
    }

    @Test
    void everyNormKindAndBothArchitectures() {
        for (NormKind norm : NormKind.values()) {
            for (InputNormalization in : InputNormalization.values()) {
                try (ResNet net = random(Architecture.RESNET10T, norm, in, 3 + norm.ordinal())) {
                    assertSameScores(net, 32);
                }
            }
        }
        try (ResNet net = random(Architecture.RESNET50, NormKind.BN, InputNormalization.IMAGENET, 9)) {
            assertSameScores(net, 32);
        }
        try (ResNet net = random(Architecture.RESNET50, NormKind.GN, InputNormalization.NONE, 10)) {
            assertSameScores(net, 32);
        }
        try (ResNet net = random(Architecture.RESNET10T_HR, NormKind.BN, InputNormalization.NONE, 12)) {
            assertSameScores(net, 32);
        }
    }

    @Test
    void aSlicesScoreDependsNeitherOnItsBatchNorOnTheThreads() {
        int n = 13;
        int size = 48;
        float[] s = slices(n, size, 5);
        try (ResNet net = random(Architecture.RESNET10T, NormKind.BN, InputNormalization.NONE, 21);
                ExportedNetwork one = CompiledResNet.compile(net, 1);
                ExportedNetwork two = CompiledResNet.compile(net, 2)) {
            double[] reference = score(one.scorer(1), s, n, size);
            assertArrayEquals(reference, score(one.scorer(5), s, n, size), 0.0, "batch 5 against 1");
            assertArrayEquals(reference, score(one.scorer(13), s, n, size), 0.0, "batch 13 against 1");
            assertArrayEquals(reference, score(two.scorer(4), s, n, size), 0.0, "2 threads against 1");
            double spread = 0;
            for (double r : reference) {
                spread = Math.max(spread, Math.abs(r - reference[0]));
            }
            assertTrue(spread > 1e-4, "the slices must get different scores for the test to mean anything");
        }
    }

    @Test
    void onlyOneLogitNetworksCompile() {
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, NormKind.GN, 3);
        try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), ResNetInit.random(layout, 1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompiledResNet.onnx(net));
            assertTrue(e.getMessage().contains("3 outputs"), e.getMessage());
        }
    }

    /**
     * The scoring-engine setting: {@code auto} on the CPU and {@code onnxruntime} score with the compiled graph and
     * give the PyTorch engine's ToNNO heatmap; {@code onnxruntime} refuses a GPU; CAM layers stay available.
     */
    @Test
    void scoringEngineGivesThePyTorchHeatmap() throws Exception {
        Volume volume = ExportedNetworkTest.phantom(32);
        ReconstructionSettings settings = ReconstructionSettings.of(48, 30, 32).withResources(2, 0);
        double[] reference;
        try (SliceModel m = SliceModel.of(
                Networks.load(FIXTURE, Architecture.RESNET10T, NormKind.BN, InputNormalization.NONE, Device.cpu()))) {
            assertTrue(m.description().endsWith("scored by pytorch"), m.description());
            reference = heatmap(m, volume, settings);
        }
        for (ScoringEngine engine : new ScoringEngine[] {ScoringEngine.AUTO, ScoringEngine.ONNXRUNTIME}) {
            try (SliceModel m = SliceModel.of(
                    Networks.load(FIXTURE, Architecture.RESNET10T, NormKind.BN, InputNormalization.NONE, Device.cpu()),
                    engine)) {
                assertTrue(m.description().endsWith("scored by onnxruntime"), engine + ": " + m.description());
                assertTrue(m.resnet().isPresent(), "CAM methods still see the layers");
                double[] h = heatmap(m, volume, settings);
                double maxRef = 0;
                double maxDiff = 0;
                double dot = 0;
                double rr = 0;
                double hh = 0;
                for (int i = 0; i < h.length; i++) {
                    maxRef = Math.max(maxRef, Math.abs(reference[i]));
                    maxDiff = Math.max(maxDiff, Math.abs(h[i] - reference[i]));
                    dot += h[i] * reference[i];
                    rr += reference[i] * reference[i];
                    hh += h[i] * h[i];
                }
                double cosine = dot / Math.sqrt(rr * hh);
                System.out.printf(
                        "%s heatmap: max |diff| / max |ref| = %.3g, cosine %.9f%n",
                        engine.id(), maxDiff / maxRef, cosine);
                // Scores agree to ~1e-5 relative; the inversion's second difference amplifies that a few times.
                assertTrue(maxDiff <= 1e-3 * maxRef, engine + ": heatmap differs by " + maxDiff + " of " + maxRef);
                assertTrue(cosine >= 0.999999, engine + ": cosine with the PyTorch heatmap " + cosine);
                assertTrue(maxDiff > 0 || engine == ScoringEngine.AUTO, "a different engine, some rounding");
            }
        }
        assertEquals(ScoringEngine.PYTORCH, ScoringEngine.AUTO.on(Device.gpu()));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ScoringEngine.ONNXRUNTIME.on(Device.gpu(0)));
        assertTrue(e.getMessage().contains("CPU only"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScoringEngine.parse("tensorrt"));
    }

    private static double[] heatmap(SliceModel m, Volume v, ReconstructionSettings settings) {
        float[] d = HeatmapMethods.reconstruct(
                        HeatmapMethod.TONNO,
                        new DirectionScorer.Scalar(m.scorer(32)),
                        v,
                        settings,
                        v.shape(),
                        new Timings())
                .data();
        double[] out = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[i];
        }
        return out;
    }
}
