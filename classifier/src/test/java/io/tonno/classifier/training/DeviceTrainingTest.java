package io.tonno.classifier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tonno.classifier.inference.Slicing;
import io.tonno.classifier.sampling.Augmentation;
import io.tonno.classifier.sampling.SliceSampler;
import io.tonno.classifier.sampling.Xoshiro256;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training batches cut and augmented on the device ({@code model.slicing: device}), run on the CPU: the batch equals
 * the host sampler's portable one bit for bit, and so does every tensor of the training checkpoint.
 */
class DeviceTrainingTest {
    private static final TrainingRun.Listener QUIET = (step, total, loss, lr, sps) -> {};

    /** Volumes with negative values, of unequal shapes and ranges, one of them all zero. */
    private static List<Volume> volumes() {
        Xoshiro256 rng = new Xoshiro256(11);
        List<Volume> out = new ArrayList<>();
        int[][] shapes = {{13, 11, 9}, {10, 12, 14}, {9, 9, 9}};
        for (int c = 0; c < shapes.length; c++) {
            int[] s = shapes[c];
            Volume v = Volume.zeros(s[0], s[1], s[2]);
            float[] data = v.data();
            for (int i = 0; i < data.length; i++) {
                data[i] = c == 2 ? 0f : (float) ((rng.nextDouble() - 0.3) * (c + 1));
            }
            out.add(v);
        }
        return out;
    }

    private static SliceSampler sampler(List<Volume> vols, Augmentation aug) {
        return new SliceSampler(
                vols, new float[] {1, 0, 1}, 17, 4, 5, aug, 42, 2, new SliceSampler.Options(false, false, true));
    }

    @Test
    void aBatchCutAndAugmentedOnTheDeviceIsTheHostBatchBitForBit() {
        List<Volume> vols = volumes();
        // Gamma on (the tabulated curve, both signs), and off (values pass as sliced); noise and contrast on.
        for (Augmentation aug : List.of(
                Augmentation.DEFAULT.withMirror(true),
                new Augmentation(180, 0.8, 1.25, 0.15, 1, 1, 0.8, 1.25, 0.1, 0.5, false, true))) {
            SliceSampler host = sampler(vols, aug);
            SliceSampler device = sampler(vols, aug);
            try (NDManager base = NDManager.newBaseManager(ai.djl.Device.cpu());
                    // Groups of three slices (the last of two): the augmentation's offsets into the batch are used.
                    DeviceBatches cut = new DeviceBatches(base, vols, 3 * 17 * 17)) {
                for (int b = 0; b < 4; b++) {
                    SliceSampler.Batch expected = host.next();
                    SliceSampler.Plan plan = device.nextPlan();
                    assertArrayEquals(expected.labels(), plan.labels());
                    assertArrayEquals(expected.volumes(), plan.volumes());
                    try (NDManager m = base.newSubManager()) {
                        NDArray x = cut.cut(m, plan);
                        assertEquals(new ai.djl.ndarray.types.Shape(20, 1, 17, 17), x.getShape());
                        float[] got = x.toFloatArray();
                        int differ = 0;
                        for (int i = 0; i < got.length; i++) {
                            differ += Float.floatToRawIntBits(got[i]) == Float.floatToRawIntBits(expected.pixels()[i])
                                    ? 0
                                    : 1;
                        }
                        assertEquals(0, differ, "pixels differing from the host's in batch " + b);
                    }
                    assertArrayEquals(host.state(), device.state(), "the sampler's stream after batch " + b);
                }
            }
        }
    }

    @Test
    void groupsFitAQuarterOfTheFreeMemoryWithinBounds() {
        assertEquals(1 << 20, io.tonno.classifier.inference.Devices.groupPixels(ai.djl.Device.cpu(), 160));
        // 8 GiB free at 200 bytes per pixel: 2 GiB / 200 = 10,737,418 pixels.
        assertEquals(10_737_418, io.tonno.classifier.inference.Devices.groupPixels(8L << 30, 200));
        assertEquals(1 << 16, io.tonno.classifier.inference.Devices.groupPixels(1L << 20, 200));
        assertEquals(1 << 24, io.tonno.classifier.inference.Devices.groupPixels(1L << 40, 200));
    }

    private static TrainingConfig config(String slicing, Boolean portable) {
        return new TrainingConfig(
                new TrainingConfig.Model("resnet10t", "bn", null, 32, "none", "cpu", null, slicing),
                new TrainingConfig.Training(
                        3, 2, 3, 1e-3, 0.05, 1, 3, 3, 4, 1, 7L, 2, null, null, null, null, null, "lattice"),
                Augmentation.DEFAULT.withPortable(portable));
    }

    @Test
    void trainingWithDeviceBatchesGivesTheHostCheckpointBitForBit(@TempDir Path dir) throws Exception {
        List<LabeledVolume> vols = TestVolumes.spheres(4, 20, 1);
        TrainingConfig onDevice = config("device", null);
        TrainingConfig onHost = config("host", true);
        assertEquals(Slicing.DEVICE, onDevice.batchSlicing());
        assertTrue(onDevice.portableAugmentation(), "absent, portable follows device slicing");
        new TrainingRun(onDevice, vols, vols.subList(0, 2), dir.resolve("device")).run(false, Long.MAX_VALUE, QUIET);
        new TrainingRun(onHost, vols, vols.subList(0, 2), dir.resolve("host")).run(false, Long.MAX_VALUE, QUIET);
        new TrainingRun(config("host", null), vols, vols.subList(0, 2), dir.resolve("sequential"))
                .run(false, Long.MAX_VALUE, QUIET);
        Checkpoint d = Checkpoint.read(dir.resolve("device").resolve(TrainingRun.CHECKPOINT));
        Checkpoint h = Checkpoint.read(dir.resolve("host").resolve(TrainingRun.CHECKPOINT));
        Checkpoint s = Checkpoint.read(dir.resolve("sequential").resolve(TrainingRun.CHECKPOINT));
        assertEquals(3, d.step());
        assertArrayEquals(h.samplerState(), d.samplerState());
        assertEquals(h.model().keySet(), d.model().keySet());
        boolean sequentialDiffers = false;
        for (String k : h.model().keySet()) {
            assertArrayEquals(h.model().get(k), d.model().get(k), 0f, k);
            assertArrayEquals(h.firstMoment().get(k), d.firstMoment().get(k), 0f, "first moment of " + k);
            assertArrayEquals(h.secondMoment().get(k), d.secondMoment().get(k), 0f, "second moment of " + k);
            sequentialDiffers |=
                    !java.util.Arrays.equals(h.model().get(k), s.model().get(k));
        }
        assertTrue(sequentialDiffers, "the sequential augmentation is another stream, so other weights");
    }

    @Test
    void aRunResumedOnAnotherDeviceKeepsTheAugmentationItStartedWith(@TempDir Path dir) throws Exception {
        List<LabeledVolume> vols = TestVolumes.spheres(4, 20, 2);
        // Uninterrupted: host batches, portable form.
        Path whole = dir.resolve("whole");
        new TrainingRun(config("host", true), vols, List.of(), whole).run(false, Long.MAX_VALUE, QUIET);
        // Two steps so, then the checkpoint's config rewritten as a GPU worker's auto run would have written it.
        Path parts = dir.resolve("parts");
        new TrainingRun(config("host", true), vols, List.of(), parts).run(false, 1, QUIET);
        Path file = parts.resolve(TrainingRun.CHECKPOINT);
        Checkpoint c = Checkpoint.read(file);
        TrainingConfig onGpu = new TrainingConfig(
                new TrainingConfig.Model("resnet10t", "bn", null, 32, "none", "gpu:1", null, null),
                config(null, null).training(),
                Augmentation.DEFAULT);
        assertTrue(onGpu.portableAugmentation(), "auto on a GPU: portable");
        java.util.Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
        for (io.tonno.classifier.nn.ParameterSpec p : new io.tonno.classifier.nn.ResNetLayout(
                        io.tonno.classifier.nn.Architecture.RESNET10T, io.tonno.classifier.nn.NormKind.BN, 1)
                .parameters()) {
            shapes.put(p.name(), p.shape());
        }
        new Checkpoint(
                        c.step(),
                        c.model(),
                        c.firstMoment(),
                        c.secondMoment(),
                        c.average(),
                        c.samplerState(),
                        onGpu.toJson())
                .write(file, shapes);
        // Resumed on the CPU with auto, which alone would choose the host's sequential form: it keeps the portable one.
        TrainingConfig onCpu = config(null, null);
        assertFalse(onCpu.portableAugmentation());
        new TrainingRun(onCpu, vols, List.of(), parts).run(true, 2, QUIET);
        // Resumed again on the CPU: the checkpoint now states the form, so it is kept again.
        new TrainingRun(onCpu, vols, List.of(), parts).run(true, Long.MAX_VALUE, QUIET);
        Checkpoint a = Checkpoint.read(whole.resolve(TrainingRun.CHECKPOINT));
        Checkpoint b = Checkpoint.read(file);
        assertEquals(3, b.step());
        for (String k : a.model().keySet()) {
            assertArrayEquals(a.model().get(k), b.model().get(k), 0f, k);
        }
        // Another config (a different learning rate) is still refused.
        TrainingConfig other = new TrainingConfig(
                onCpu.model(),
                new TrainingConfig.Training(
                        3, 2, 3, 2e-3, 0.05, 1, 3, 3, 4, 1, 7L, 2, null, null, null, null, null, "lattice"),
                onCpu.augmentation());
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> new TrainingRun(other, vols, List.of(), parts).run(true, Long.MAX_VALUE, QUIET));
        assertTrue(e.getMessage().contains("another config"), e.getMessage());
    }

    @Test
    void theSlicingAndThePortableFormAreCheckedTogether() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> config("device", false).validate("spec.json"));
        assertTrue(e.getMessage().contains("augmentation.portable"), e.getMessage());
        e = assertThrows(
                InvalidInputException.class, () -> config("sideways", null).validate("spec.json"));
        assertTrue(e.getMessage().contains("model.slicing"), e.getMessage());
        e = assertThrows(
                InvalidInputException.class,
                () -> config("device", null).withPretext(null).validate("spec.json"));
        assertTrue(e.getMessage().contains("model.slicing"), e.getMessage());
        // auto on the CPU: the host, with today's sequential augmentation; pretraining always on the host.
        assertEquals(Slicing.HOST, config(null, null).batchSlicing());
        assertFalse(config(null, null).portableAugmentation());
        TrainingConfig gpu =
                new TrainingConfig(new TrainingConfig.Model("resnet10t", "bn", null, 32, "none", "gpu:0"), null, null);
        assertEquals(Slicing.DEVICE, gpu.batchSlicing());
        assertTrue(gpu.portableAugmentation());
        assertEquals(Slicing.HOST, gpu.withPretext(null).batchSlicing());
    }
}
