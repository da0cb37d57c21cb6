package io.tonno.classifier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.tonno.classifier.inference.Slicing;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.weights.Weights;
import io.tonno.imaging.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingConfigTest {
    @Test
    void absentFieldsTakeTheDocumentedDefaults(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("spec.json");
        Files.writeString(f, "{\"model\": {\"norm\": \"frozen-bn\"}, \"training\": {\"steps\": 200}}");
        TrainingConfig c = TrainingConfig.load(f);
        assertEquals("resnet10t", c.model().arch());
        assertEquals("frozen-bn", c.model().norm());
        assertEquals(64, c.model().sliceSize());
        assertEquals(200, c.training().steps());
        assertEquals(1e-3, c.training().learningRate());
        assertEquals(0.8, c.augmentation().scaleMin());
        assertEquals("slice", c.training().loss());
        assertEquals(5.0, c.training().lseSharpness());
        assertEquals(false, c.training().balancedBatches());
        assertEquals("box", c.training().planeOffsets());
        assertEquals(64, c.training().validationSlicesPerVolume());
        assertEquals("sweep:4", c.training().validationPlanes());
        assertEquals("timm", c.model().init());
        assertEquals(c, TrainingConfig.fromJson(c.toJson(), "roundtrip"));
    }

    /** With starting weights and no model.norm, the spec takes the file's norm; a contradicting one is refused. */
    @Test
    void theNormOfTheStartingWeightsIsReadFromTheFile(@TempDir Path dir) throws Exception {
        ResNetLayout gn = new ResNetLayout(Architecture.RESNET10T, NormKind.GN, 1);
        Path weights = dir.resolve("gn.safetensors");
        try (ResNet net = new ResNet(gn, InputNormalization.NONE, Device.cpu(), ResNetInit.random(gn, 1))) {
            Weights.save(weights, net, Map.of());
        }
        String w = weights.toString().replace("\\", "\\\\");
        Path f = dir.resolve("spec.json");
        Files.writeString(f, "{\"model\": {\"weights\": \"" + w + "\"}}");
        assertEquals("gn", TrainingConfig.load(f).model().norm());
        Files.writeString(f, "{\"model\": {\"weights\": \"" + w + "\", \"norm\": \"frozen-bn\"}}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TrainingConfig.load(f));
        assertEquals(weights.toString(), e.source());
        assertEquals("model.norm", e.field());
        assertTrue(
                e.getMessage().contains("model.norm is frozen-bn, but the file has no running statistics"),
                e.getMessage());
        // Without weights the default is bn (the shared defaults table, docs/orchestration.md).
        assertEquals("bn", new TrainingConfig(null, null, null).model().norm());
    }

    @Test
    void badValuesAreRejectedNamingTheField(@TempDir Path dir) throws Exception {
        String[][] cases = {
            {"{\"training\": {\"learningRate\": -1}}", "training.learningRate"},
            {"{\"training\": {\"steps\": 10, \"warmupSteps\": 10}}", "training.warmupSteps"},
            {"{\"model\": {\"arch\": \"vgg\"}}", "model.arch"},
            {"{\"model\": {\"device\": \"tpu\"}}", "model.device"},
            {"{\"model\": {\"sliceSize\": 8}}", "model.sliceSize"},
            {"{\"model\": {\"init\": \"xavier\"}}", "model.init"},
            {"{\"model\": {\"slicesize\": 64}}", "model.slicesize"},
            {"{\"training\": {\"steps\": \"many\"}}", "training.steps"},
            {"{\"augmentation\": {\"scaleMin\": 2, \"scaleMax\": 1}}", "augmentation.scaleMin"},
            {"{\"training\": {\"loss\": \"max\"}}", "training.loss"},
            {"{\"training\": {\"lseSharpness\": 0}}", "training.lseSharpness"},
            {"{\"training\": {\"planeOffsets\": \"brain\"}}", "training.planeOffsets"},
            {"{\"training\": {\"validationPlanes\": \"grid\"}}", "training.validationPlanes"},
            {"{\"training\": {\"validationPlanes\": \"sweep:0\"}}", "training.validationPlanes"},
            {"{\"training\": {\"validationSlicesPerVolume\": 7}}", "training.validationPlanes"},
            {"{\"training\": {\"validationPlanes\": \"sweep:33\"}}", "training.validationPlanes"},
            {"{\"training\": {\"balancedBatches\": \"sometimes\"}}", "training.balancedBatches"},
            {"{\"synthesis\": {\"centreQuantile\": 1}}", "synthesis.centreQuantile"},
            {"{\"synthesis\": {}, \"training\": {\"loss\": \"lse\"}}", "training.loss"},
            {"{\"synthesis\": {}, \"pretext\": {}}", "synthesis"},
            {"{\"synthesis\": {}, \"model\": {\"slicing\": \"device\"}}", "model.slicing"},
        };
        for (String[] c : cases) {
            Path f = dir.resolve("spec.json");
            Files.writeString(f, c[0]);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> TrainingConfig.load(f), c[0]);
            assertEquals(c[1], e.field(), c[0]);
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        }
    }

    @Test
    void aSynthesisSectionIsReadWithItsDefaultsAndKeepsBatchesOnTheHost(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("spec.json");
        Files.writeString(f, "{\"synthesis\": {\"darkFraction\": 1, \"centreQuantile\": 0.6}}");
        TrainingConfig c = TrainingConfig.load(f);
        assertEquals(new io.tonno.classifier.sampling.SyntheticLesions(0.5, 2, 6, 0.2, 0.6, 1, 0.6, 0), c.synthesis());
        assertEquals(null, c.pretext());
        assertEquals(Slicing.HOST, c.batchSlicing(), "blobs are drawn on the host");
        assertEquals(c, TrainingConfig.fromJson(c.toJson(), "round trip"), "the checkpoint's config keeps it");
        assertEquals(null, TrainingConfig.load(writeEmpty(dir)).synthesis(), "absent: none");
    }

    private static Path writeEmpty(Path dir) throws Exception {
        Path f = dir.resolve("empty.json");
        Files.writeString(f, "{}");
        return f;
    }

    @Test
    void scheduleWarmsUpLinearlyThenDecaysByCosineToZero() {
        LearningRateSchedule s = new LearningRateSchedule(1.0, 4, 14);
        assertEquals(0.25, s.at(0), 1e-12);
        assertEquals(1.0, s.at(3), 1e-12);
        assertEquals(1.0, s.at(4), 1e-12);
        assertEquals(0.5, s.at(9), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 9 / 10)), s.at(13), 1e-12);
    }

    @Test
    void aucAndBalancedAccuracyOnHandCountedExamples() {
        float[] labels = {0, 0, 1, 1};
        assertEquals(1.0, Metrics.auc(new double[] {0.1, 0.2, 0.3, 0.4}, labels));
        assertEquals(0.75, Metrics.auc(new double[] {0.1, 0.35, 0.3, 0.4}, labels));
        assertEquals(0.5, Metrics.auc(new double[] {1, 1, 1, 1}, labels));
        assertTrue(Double.isNaN(Metrics.auc(new double[] {1, 2}, new float[] {1, 1})));
        // threshold 0: predictions 0,1,1,1 -> specificity 1/2, sensitivity 1
        assertEquals(0.75, Metrics.balancedAccuracy(new double[] {-1, 2, 3, 4}, labels, 0));
    }

    @Test
    void adamWMatchesPyTorchOnTwoSteps() {
        // torch.optim.AdamW([p], lr=0.1, weight_decay=0.5) with p=[1, -2], grads [0.5, -1] then [0.25, 4]
        // gives p = [0.85, -1.80] after step 1 and [0.71428204, -1.7659503] after step 2 (computed with torch 1.13).
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                AdamW opt = new AdamW(0.5, m)) {
            NDArray p = m.create(new float[] {1f, -2f});
            p.setRequiresGradient(true);
            opt.register("p", p, true);
            backward(m, p, new float[] {0.5f, -1f});
            assertNull(opt.firstNonFiniteGradient());
            // Grad mode is per thread and on in threads other than the engine's loader (activity threads):
            // the step must work there too, and leave the mode as it found it.
            JniUtils.setGradMode(true);
            try {
                opt.step(0.1);
                assertTrue(JniUtils.isGradMode());
            } finally {
                JniUtils.setGradMode(false);
            }
            float[] v = p.toFloatArray();
            assertEquals(0.85f, v[0], 1e-6f);
            assertEquals(-1.8f, v[1], 1e-6f);
            assertArrayEquals(new float[] {0, 0}, p.getGradient().toFloatArray(), "gradients are zeroed after a step");
            backward(m, p, new float[] {0.25f, 4f});
            opt.step(0.1);
            v = p.toFloatArray();
            // float32 rounding order differs slightly from PyTorch's fused kernels
            assertEquals(EXPECTED_STEP2[0], v[0], 1e-5f);
            assertEquals(EXPECTED_STEP2[1], v[1], 1e-5f);
            assertEquals(2, opt.steps());
            backward(m, p, new float[] {Float.NaN, 1f});
            assertEquals("p", opt.firstNonFiniteGradient());
        }
    }

    /** Leaves {@code g} as the gradient of {@code p} (the gradient of sum(p·g)). */
    private static void backward(NDManager m, NDArray p, float[] g) {
        try (NDManager step = m.newSubManager();
                GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray grad = step.create(g);
            NDArray prod = grad.mul(p);
            gc.backward(prod.sum());
        }
    }

    private static final float[] EXPECTED_STEP2 = {0.71428204f, -1.7659503f};
}
