package io.tonno.classifier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code training.emaDecay}: the moving average of the weights, its warm-up, its checkpoint and resume. */
class WeightAverageTest {
    private static final TrainingRun.Listener QUIET = (step, total, loss, lr, sps) -> {};

    @Test
    void theAverageFollowsTheHandComputedRecurrenceWithItsWarmUp() {
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, NormKind.BN, 1);
        String name = "fc.bias";
        try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), ResNetInit.random(layout, 1))) {
            net.set(name, new float[] {2f});
            try (WeightAverage avg = new WeightAverage(net, List.of(name), 0.9, null)) {
                float expected = 2f;
                float[] next = {4f, -1f, 3f, 0.5f, 7f};
                for (int t = 0; t < next.length; t++) {
                    net.tensor(name).muli(0).addi(next[t]);
                    avg.update(t);
                    double d = Math.min(0.9, (1.0 + t) / (10.0 + t));
                    expected = (float) d * expected + (float) (1 - d) * next[t];
                    assertEquals(expected, avg.values().get(name)[0], 0f, "after step " + t);
                }
                // Step 0 takes 0.1 of the new value (d_0 = 1/10), step 80 on the full decay.
                assertEquals(0.1, WeightAverage.decayAt(0.9, 0), 1e-15);
                assertEquals(0.9, WeightAverage.decayAt(0.9, 80), 1e-15);
                assertEquals(0.5, WeightAverage.decayAt(0.999, 8), 1e-15);
            }
        }
    }

    private static TrainingConfig config(double ema) {
        return new TrainingConfig(
                new TrainingConfig.Model("resnet10t", "bn", null, 32, "none", "cpu"),
                new TrainingConfig.Training(
                        4, 2, 3, 1e-3, 0.05, 1, 2, 2, 4, 2, 7L, 2, null, null, null, null, ema, "lattice"),
                Augmentation.DEFAULT);
    }

    @Test
    void theModelIsTheAverageAndAResumedRunContinuesItBitForBit(@TempDir Path dir) throws Exception {
        List<LabeledVolume> vols = TestVolumes.spheres(4, 20, 1);
        Path whole = dir.resolve("whole");
        Path parts = dir.resolve("parts");
        Path plain = dir.resolve("plain");
        new TrainingRun(config(0.5), vols, vols.subList(0, 2), whole).run(false, Long.MAX_VALUE, QUIET);
        new TrainingRun(config(0.5), vols, vols.subList(0, 2), parts).run(false, 2, QUIET);
        Checkpoint half = Checkpoint.read(parts.resolve(TrainingRun.CHECKPOINT));
        assertEquals(half.model().keySet(), half.average().keySet(), "every tensor is averaged and checkpointed");
        new TrainingRun(config(0.5), vols, vols.subList(0, 2), parts).run(true, Long.MAX_VALUE, QUIET);
        new TrainingRun(config(0), vols, vols.subList(0, 2), plain).run(false, Long.MAX_VALUE, QUIET);

        Map<String, Tensor> a =
                SafeTensors.read(whole.resolve(TrainingRun.MODEL)).tensors();
        Map<String, Tensor> b =
                SafeTensors.read(parts.resolve(TrainingRun.MODEL)).tensors();
        Map<String, Tensor> raw =
                SafeTensors.read(plain.resolve(TrainingRun.MODEL)).tensors();
        Checkpoint end = Checkpoint.read(whole.resolve(TrainingRun.CHECKPOINT));
        assertEquals(a.keySet(), b.keySet());
        boolean differs = false;
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).values(), b.get(k).values(), 0f, k + ": resumed = uninterrupted");
            assertArrayEquals(end.average().get(k), a.get(k).values(), 0f, k + ": the saved model is the average");
            // The raw weights train as without an average: the average does not feed back.
            assertArrayEquals(raw.get(k).values(), end.model().get(k), 0f, k + ": training unchanged by the average");
            differs |= !java.util.Arrays.equals(raw.get(k).values(), a.get(k).values());
        }
        assertTrue(differs, "the average is not the last weights");
        assertFalse(
                Checkpoint.read(plain.resolve(TrainingRun.CHECKPOINT)).average().size() > 0);
    }

    @Test
    void aDecayOutsideZeroToOneIsRefusedNamingTheField() {
        for (double bad : new double[] {-0.1, 1.0, Double.NaN}) {
            InvalidInputException e =
                    assertThrows(InvalidInputException.class, () -> config(bad).validate("spec.json"));
            assertEquals("training.emaDecay", e.field());
        }
    }
}
