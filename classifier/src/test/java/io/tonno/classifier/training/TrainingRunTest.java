package io.tonno.classifier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.classifier.inference.MemoryGuard;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.sampling.Augmentation;
import io.tonno.classifier.weights.SafeTensors;
import io.tonno.classifier.weights.Tensor;
import io.tonno.imaging.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {
    private static final TrainingRun.Listener QUIET = (step, total, loss, lr, sps) -> {};

    private static TrainingConfig tiny(String norm, int steps, int checkpointInterval) {
        return new TrainingConfig(
                new TrainingConfig.Model("resnet10t", norm, null, 32, "none", "cpu"),
                new TrainingConfig.Training(
                        steps,
                        2,
                        3,
                        1e-3,
                        0.05,
                        1,
                        checkpointInterval,
                        3,
                        4,
                        2,
                        7L,
                        2,
                        null,
                        null,
                        null,
                        null,
                        null,
                        "lattice"),
                Augmentation.DEFAULT);
    }

    @Test
    void resumedRunReachesTheSameParametersAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        List<LabeledVolume> vols = TestVolumes.spheres(4, 20, 1);
        TrainingConfig cfg = tiny("bn", 4, 2);
        Path whole = dir.resolve("whole");
        Path parts = dir.resolve("parts");
        new TrainingRun(cfg, vols, vols.subList(0, 2), whole).run(false, Long.MAX_VALUE, QUIET);
        new TrainingRun(cfg, vols, vols.subList(0, 2), parts).run(false, 2, QUIET);
        assertEquals(2, Checkpoint.read(parts.resolve(TrainingRun.CHECKPOINT)).step());
        assertFalse(Files.exists(parts.resolve(TrainingRun.MODEL)), "no final weights before the last step");
        new TrainingRun(cfg, vols, vols.subList(0, 2), parts).run(true, Long.MAX_VALUE, QUIET);

        Map<String, Tensor> a =
                SafeTensors.read(whole.resolve(TrainingRun.MODEL)).tensors();
        Map<String, Tensor> b =
                SafeTensors.read(parts.resolve(TrainingRun.MODEL)).tensors();
        assertEquals(a.keySet(), b.keySet());
        double changed = 0;
        Map<String, float[]> init = io.tonno.classifier.nn.ResNetInit.random(
                new io.tonno.classifier.nn.ResNetLayout(
                        io.tonno.classifier.nn.Architecture.RESNET10T, io.tonno.classifier.nn.NormKind.BN, 1),
                7L);
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).values(), b.get(k).values(), 1e-6f, k);
            float[] i0 = init.get(k);
            for (int i = 0; i < i0.length; i++) {
                changed = Math.max(changed, Math.abs(i0[i] - a.get(k).values()[i]));
            }
        }
        assertTrue(changed > 1e-4, "training must move the parameters");
        // Metrics after resuming continue the same sequence of training lines (timing aside).
        assertEquals(lossLines(whole), lossLines(parts));
    }

    /**
     * best.safetensors holds the weights of the highest validation volume AUC (the earliest on ties), says which step
     * and AUC in its metadata, and a run stopped and resumed between validations keeps the same one.
     */
    @Test
    void bestWeightsAreThoseOfTheHighestValidationAndSurviveAResume(@TempDir Path dir) throws Exception {
        List<LabeledVolume> vols = TestVolumes.spheres(6, 20, 5);
        TrainingConfig cfg = new TrainingConfig(
                new TrainingConfig.Model("resnet10t", "bn", null, 32, "none", "cpu"),
                new TrainingConfig.Training(
                        6, 2, 3, 5e-2, 0.05, 1, 2, 1, 4, 2, 7L, 2, null, null, null, null, null, "lattice"),
                Augmentation.DEFAULT);
        Path whole = dir.resolve("whole");
        Path parts = dir.resolve("parts");
        List<LabeledVolume> validation = vols.subList(2, 6);
        TrainingRun.Result wholeRun = new TrainingRun(cfg, vols, validation, whole).run(false, Long.MAX_VALUE, QUIET);
        new TrainingRun(cfg, vols, validation, parts).run(false, 3, QUIET);
        TrainingRun.Result resumed = new TrainingRun(cfg, vols, validation, parts).run(true, Long.MAX_VALUE, QUIET);

        ObjectMapper json = new ObjectMapper();
        double bestAuc = Double.NEGATIVE_INFINITY;
        long bestStep = -1;
        for (String l : Files.readAllLines(whole.resolve(TrainingRun.METRICS))) {
            JsonNode n = json.readTree(l);
            if (n.has("valVolumeAuc")
                    && n.get("valVolumeAuc").isNumber()
                    && n.get("valVolumeAuc").asDouble() > bestAuc) {
                bestAuc = n.get("valVolumeAuc").asDouble();
                bestStep = n.get("step").asLong();
            }
        }
        assertTrue(bestStep >= 1, "a validation with both classes ran");
        for (TrainingRun.Result r : List.of(wholeRun, resumed)) {
            assertEquals(new TrainingRun.BestValidation(bestStep, bestAuc), r.best());
        }
        for (Path run : List.of(whole, parts)) {
            SafeTensors.Contents best = SafeTensors.read(run.resolve(TrainingRun.BEST));
            assertEquals(Long.toString(bestStep), best.metadata().get("tonno.steps"), run.toString());
            assertEquals(bestAuc, Double.parseDouble(best.metadata().get("tonno.valVolumeAuc")), 1e-12);
            assertEquals("resnet10t", best.metadata().get("tonno.arch"));
        }
        Map<String, Tensor> a =
                SafeTensors.read(whole.resolve(TrainingRun.BEST)).tensors();
        Map<String, Tensor> b =
                SafeTensors.read(parts.resolve(TrainingRun.BEST)).tensors();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).values(), b.get(k).values(), 1e-6f, k);
        }
        // The best step's weights are not the final ones unless the last validation was the best.
        Map<String, Tensor> last =
                SafeTensors.read(whole.resolve(TrainingRun.MODEL)).tensors();
        String conv = "layer2.0.conv1.weight";
        assertEquals(
                bestStep == 6,
                maxAbsDiff(a.get(conv).values(), last.get(conv).values()) == 0,
                "best at step " + bestStep);
    }

    @Test
    void pretrainedWeightsStartTrainingAndAPretrainingRunResumesExactly(@TempDir Path dir) throws Exception {
        List<LabeledVolume> vols = TestVolumes.spheres(4, 20, 3);
        // A large learning rate so that the pretrained weights are far from the random start.
        TrainingConfig small = tiny("gn", 4, 2);
        TrainingConfig pre = new TrainingConfig(
                        small.model(),
                        new TrainingConfig.Training(
                                4, 2, 3, 5e-2, 0.05, 1, 2, 3, 4, 2, 7L, 2, null, null, null, null, null, "lattice"),
                        small.augmentation())
                // A curriculum over 3 of the 4 steps, resumed after step 2, and centres in the brighter half.
                .withPretext(new io.tonno.classifier.sampling.SyntheticLesions(0.5, 2, 6, 0.2, 0.6, 0.5, 0.5, 3));
        Path whole = dir.resolve("pre");
        Path parts = dir.resolve("pre-parts");
        new TrainingRun(pre, vols, List.of(), whole).run(false, Long.MAX_VALUE, QUIET);
        new TrainingRun(pre, vols, List.of(), parts).run(false, 2, QUIET);
        new TrainingRun(pre, vols, List.of(), parts).run(true, Long.MAX_VALUE, QUIET);
        Map<String, Tensor> a =
                SafeTensors.read(whole.resolve(TrainingRun.MODEL)).tensors();
        Map<String, Tensor> b =
                SafeTensors.read(parts.resolve(TrainingRun.MODEL)).tensors();
        for (String k : a.keySet()) {
            assertArrayEquals(
                    a.get(k).values(),
                    b.get(k).values(),
                    1e-6f,
                    "the pretext draws the same blobs after resuming: " + k);
        }
        // tonno train from the pretrained weights: its first checkpoint step starts from them, not from a random init.
        TrainingConfig base = tiny("gn", 1, 1);
        TrainingConfig fromPre = new TrainingConfig(
                new TrainingConfig.Model(
                        "resnet10t", "gn", whole.resolve(TrainingRun.MODEL).toString(), 32, "none", "cpu"),
                base.training(),
                Augmentation.DEFAULT);
        Path tuned = dir.resolve("tuned");
        new TrainingRun(fromPre, vols, vols.subList(0, 2), tuned).run(false, Long.MAX_VALUE, QUIET);
        Map<String, Tensor> t =
                SafeTensors.read(tuned.resolve(TrainingRun.MODEL)).tensors();
        Map<String, float[]> random = ResNetInit.random(new ResNetLayout(Architecture.RESNET10T, NormKind.GN, 1), 7L);
        String conv = "layer3.0.conv1.weight";
        double fromPretrained = maxAbsDiff(t.get(conv).values(), a.get(conv).values());
        double fromRandom = maxAbsDiff(t.get(conv).values(), random.get(conv));
        assertTrue(
                fromPretrained < 0.01 && fromRandom > 10 * fromPretrained,
                "one step moves the weights a little from the pretrained ones: " + fromPretrained + " vs "
                        + fromRandom);
        // A pretext section is refused in supervised specs' loss settings that cannot label slices.
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> new TrainingConfig(
                                pre.model(),
                                pre.training().withWeakLabels("lse", null, null, null),
                                pre.augmentation(),
                                pre.pretext())
                        .validate("spec"));
        assertEquals("training.loss", e.field());
    }

    private static double maxAbsDiff(float[] x, float[] y) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }

    @Test
    void nativeMemoryDoesNotGrowStepOverStep(@TempDir Path dir) throws Exception {
        // 400 small steps; before the fix every step left ~20 MB of parameter copies behind (direct buffers
        // freed only by a rare GC) and two arrays per group-norm layer in the network's manager.
        List<LabeledVolume> vols = TestVolumes.spheres(4, 20, 1);
        TrainingConfig cfg = tiny("gn", 400, 1000);
        // Resident memory outside the Java heap: RSS minus the committed heap. Surefire runs the tests with
        // -XX:+AlwaysPreTouch (pom.xml), so the committed heap is resident from the start; without it, garbage touching
        // committed heap pages for the first time grew RSS by ~0.5 MiB per step in phases (measured), which is not
        // native memory.
        long[] rss = new long[401];
        long[] heap = new long[401];
        new TrainingRun(cfg, vols, List.of(), dir).run(false, Long.MAX_VALUE, (step, total, loss, lr, sps) -> {
            rss[(int) step] = MemoryGuard.residentMib();
            heap[(int) step] = Runtime.getRuntime().totalMemory() >> 20;
        });
        long growth = (rss[400] - heap[400]) - (rss[100] - heap[100]);
        System.err.println("TrainingRunTest: resident memory outside the heap, step 100 -> 400: " + growth + " MiB");
        assertTrue(rss[100] > 0, "no RSS reading");
        assertTrue(
                growth < 96,
                "resident memory outside the heap grew by " + growth + " MiB from step 100 to 400 (RSS " + rss[100]
                        + " -> " + rss[400] + " MiB, committed heap " + heap[100] + " -> " + heap[400] + " MiB)");
    }

    @Test
    void aTrainingPassLeavesNoArrayInTheNetworksManager() {
        for (String norm : List.of("gn", "bn", "frozen-bn")) {
            ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, NormKind.parse(norm), 1);
            try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), ResNetInit.random(layout, 1));
                    NDManager om = NDManager.newBaseManager(Device.cpu());
                    AdamW adam = new AdamW(0.05, om)) {
                net.setParameterGradients(true);
                net.setTraining(true);
                for (var p : net.trainable()) {
                    adam.register(p.name(), net.tensor(p.name()), true);
                }
                int before = net.ownedArrays();
                assertEquals(layout.parameters().size(), before, norm);
                for (int i = 0; i < 3; i++) {
                    try (NDManager m = NDManager.newBaseManager(Device.cpu());
                            GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                        NDArray x = m.randomUniform(0f, 1f, new Shape(2, 1, 32, 32));
                        gc.backward(net.forward(net.prepareInput(x)).sum());
                    }
                    adam.step(1e-3);
                }
                assertEquals(before, net.ownedArrays(), norm + ": arrays left in the network's manager");
            }
        }
    }

    private static List<String> lossLines(Path dir) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve(TrainingRun.METRICS))) {
            JsonNode n = json.readTree(l);
            if (n.has("loss")) {
                out.add(n.get("step") + " " + n.get("loss") + " " + n.get("lr"));
            }
        }
        return out;
    }

    @Test
    void metricsFileHasTrainingAndValidationLinesWithTheDocumentedKeys(@TempDir Path dir) throws Exception {
        List<LabeledVolume> vols = TestVolumes.spheres(4, 20, 2);
        new TrainingRun(tiny("gn", 3, 10), vols, vols.subList(1, 3), dir).run(false, Long.MAX_VALUE, QUIET);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve(TrainingRun.METRICS))) {
            lines.add(json.readTree(l));
        }
        JsonNode first = lines.get(0);
        assertEquals(2, first.get("step").asInt());
        for (String key : List.of("loss", "lr", "slicesPerSecond")) {
            assertTrue(first.get(key).isNumber(), key);
        }
        JsonNode val =
                lines.stream().filter(n -> n.has("valVolumeAuc")).findFirst().orElseThrow();
        assertEquals(3, val.get("step").asInt());
        assertTrue(val.has("valSliceAuc") && val.has("valBalancedAccuracy") && val.has("valVolumeAucMeanLogit"));
        assertTrue(Files.exists(dir.resolve(TrainingRun.MODEL)));
    }

    @Test
    void nanLossStopsWithAClearErrorAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        List<LabeledVolume> vols = new ArrayList<>(TestVolumes.spheres(2, 20, 3));
        TrainingConfig cfg = tiny("gn", 4, 1);
        new TrainingRun(cfg, vols, List.of(), dir).run(false, 2, QUIET);
        byte[] before = Files.readAllBytes(dir.resolve(TrainingRun.CHECKPOINT));
        // Poison every volume: the next step's loss is NaN.
        List<LabeledVolume> poisoned = new ArrayList<>();
        for (LabeledVolume v : vols) {
            float[] d = v.volume().data().clone();
            java.util.Arrays.fill(d, Float.NaN);
            poisoned.add(new LabeledVolume(v.id(), v.volume().withData(d), v.label()));
        }
        ArithmeticException e = assertThrows(
                ArithmeticException.class,
                () -> new TrainingRun(cfg, poisoned, List.of(), dir).run(true, Long.MAX_VALUE, QUIET));
        assertTrue(
                e.getMessage().contains("diverged at step 3") && e.getMessage().contains("step 2"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve(TrainingRun.CHECKPOINT)));
        assertEquals(2, Checkpoint.read(dir.resolve(TrainingRun.CHECKPOINT)).step());
    }

    @Test
    void refusesToOverwriteOrResumeWithAnotherConfigOrACorruptCheckpoint(@TempDir Path dir) throws Exception {
        List<LabeledVolume> vols = TestVolumes.spheres(2, 20, 4);
        new TrainingRun(tiny("gn", 2, 1), vols, List.of(), dir).run(false, 1, QUIET);
        InvalidInputException exists = assertThrows(
                InvalidInputException.class,
                () -> new TrainingRun(tiny("gn", 2, 1), vols, List.of(), dir).run(false, 1, QUIET));
        assertTrue(exists.getMessage().contains("--resume"));
        InvalidInputException other = assertThrows(
                InvalidInputException.class,
                () -> new TrainingRun(tiny("bn", 2, 1), vols, List.of(), dir).run(true, 2, QUIET));
        assertEquals("__metadata__.config", other.field());
        Path f = dir.resolve(TrainingRun.CHECKPOINT);
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 3] ^= 0x10;
        Files.write(f, bytes);
        InvalidInputException corrupt = assertThrows(InvalidInputException.class, () -> Checkpoint.read(f));
        assertEquals("__metadata__.sha256", corrupt.field());
    }
}
