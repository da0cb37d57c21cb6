package io.tonno.classifier.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.sampling.Xoshiro256;
import io.tonno.imaging.Volume;
import io.tonno.tomography.DirectionChunk;
import io.tonno.tomography.PlaneBatch;
import io.tonno.tomography.Reconstruction;
import io.tonno.tomography.ReconstructionSettings;
import io.tonno.tomography.Sinogram;
import io.tonno.tomography.Slicer;
import org.junit.jupiter.api.Test;

/** The device slicer against the Java slicer, and a reconstruction sliced on the device against one on the host. */
class DeviceSlicerTest {
    /** A volume of random values, some negative, with a ball of higher values: every tap matters. */
    private static Volume volume(int nx, int ny, int nz, long seed) {
        Xoshiro256 r = new Xoshiro256(seed);
        Volume v = Volume.zeros(nx, ny, nz);
        float[] d = v.data();
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double dx = x - nx / 2.0;
                    double dy = y - ny / 3.0;
                    double dz = z - nz / 2.0;
                    double ball = dx * dx + dy * dy + dz * dz < 16 ? 3 : 0;
                    d[x + nx * (y + ny * z)] = (float) (ball + r.nextDouble() - 0.2);
                }
            }
        }
        return v;
    }

    private static double[] unit(Xoshiro256 r) {
        double[] a = {r.nextDouble() - 0.5, r.nextDouble() - 0.5, r.nextDouble() - 0.5};
        double n = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        return new double[] {a[0] / n, a[1] / n, a[2] / n};
    }

    @Test
    void slicesEqualTheJavaSlicersBitForBitOnTheCpu() {
        Volume v = volume(13, 11, 9, 5);
        Slicer host = new Slicer(v);
        Xoshiro256 r = new Xoshiro256(7);
        int count = 40;
        PlaneBatch planes = new PlaneBatch(count);
        for (int b = 0; b < count; b++) {
            // Oblique and axis-aligned planes, scaled and sheared in-plane vectors, centres inside and beyond the
            // cube: interior cells, border cells and empty pixels all occur.
            double[] u = unit(r);
            double[] w = unit(r);
            double scale = 0.5 + r.nextDouble();
            if (b % 5 == 0) {
                u = new double[] {1, 0, 0};
                w = new double[] {0, 1, 0};
            }
            double[] c = {(r.nextDouble() - 0.5) * 2.4, (r.nextDouble() - 0.5) * 2.4, (r.nextDouble() - 0.5) * 2.4};
            planes.set(b, c, new double[] {u[0] * scale, u[1] * scale, u[2] * scale}, w);
        }
        planes.count(count);
        int h = 17;
        int w = 23;
        float[] expected = new float[count * h * w];
        for (int b = 0; b < count; b++) {
            host.slice(planes.plane(b), h, w, expected, b * h * w);
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                DeviceSlicer device = new DeviceSlicer(m, v)) {
            float[] got = device.slices(m, planes, h, w).toFloatArray();
            assertEquals(expected.length, got.length);
            int zeros = 0;
            int border = 0;
            for (int i = 0; i < got.length; i++) {
                assertEquals(
                        Float.floatToIntBits(expected[i] + 0f),
                        Float.floatToIntBits(got[i] + 0f),
                        "pixel " + i + ": Java " + expected[i] + ", device " + got[i]);
                zeros += expected[i] == 0 ? 1 : 0;
            }
            for (int b = 0; b < count; b++) {
                border += expected[b * h * w] == 0 && expected[b * h * w + h * w / 2] != 0 ? 1 : 0;
            }
            assertTrue(zeros > 1000 && zeros < got.length / 2, "the planes leave the volume often: " + zeros);
            assertTrue(border > 0, "some planes cross the border");
        }
    }

    @Test
    void groupsOfPlanesGiveTheSameSlicesAsOne() {
        Volume v = volume(8, 8, 8, 2);
        int count = 5;
        PlaneBatch planes = new PlaneBatch(count);
        for (int b = 0; b < count; b++) {
            planes.set(b, new double[] {0, 0, 0.3 * b - 0.6}, new double[] {0.6, 0.8, 0}, new double[] {-0.8, 0.6, 0});
        }
        planes.count(count);
        int side = 1024; // 1024² pixels: one plane per group
        float[] expected = new float[count * side * side];
        Slicer host = new Slicer(v);
        for (int b = 0; b < count; b++) {
            host.slice(planes.plane(b), side, side, expected, b * side * side);
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                DeviceSlicer device = new DeviceSlicer(m, v)) {
            float[] got = device.slices(m, planes, side, side).toFloatArray();
            for (int i = 0; i < got.length; i += 997) {
                assertEquals(expected[i], got[i], 0f, "pixel " + i);
            }
        }
    }

    @Test
    void aSingleVoxelAxisIsLeftToTheHost() {
        Volume flat = volume(6, 6, 1, 1);
        assertFalse(DeviceSlicer.supports(flat));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            assertThrows(IllegalArgumentException.class, () -> new DeviceSlicer(m, flat));
        }
    }

    @Test
    void aReconstructionSlicedOnTheDeviceEqualsTheHostOne() {
        hostAndChunkedDeviceSinogramsAgree(ReconstructionSettings.of(24, 10, 16)
                .withResources(0, 32)
                .withScheme(io.tonno.tomography.DirectionLattice.SPHERE, true));
    }

    /** Adaptive offsets on the device: the planes of each refinement pass, chunks cutting the blocks of directions. */
    @Test
    void anAdaptiveReconstructionSlicedOnTheDeviceEqualsTheHostOne() {
        hostAndChunkedDeviceSinogramsAgree(
                ReconstructionSettings.of(24, 24, 16).withResources(0, 32).withAdaptiveOffsets(1e-3));
    }

    private static void hostAndChunkedDeviceSinogramsAgree(ReconstructionSettings settings) {
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, NormKind.BN, 1);
        Volume v = volume(16, 14, 12, 3);
        Reconstruction rec = new Reconstruction(settings);
        try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), ResNetInit.random(layout, 4))) {
            ModelSliceScorer host = new ModelSliceScorer(net, 32, false, Slicing.HOST);
            ModelSliceScorer device = new ModelSliceScorer(net, 32, false, Slicing.DEVICE);
            assertFalse(host.cutsSlices(v));
            assertTrue(device.cutsSlices(v));
            assertFalse(new ModelSliceScorer(net, 32, false, Slicing.AUTO).cutsSlices(v), "auto on the CPU is host");
            // Chunks that cut the global batch grid in odd places, as the fan-out does.
            Sinogram whole = rec.sinogram(v, host);
            double[] a = whole.scores();
            double[] b = new double[a.length];
            int per = settings.slicesPerDirection();
            for (DirectionChunk c :
                    new DirectionChunk[] {new DirectionChunk(0, 7), new DirectionChunk(7, 10), new DirectionChunk(17, 7)
                    }) {
                double[] part = rec.sinogram(v, device, c).scores();
                System.arraycopy(part, 0, b, c.first() * per, part.length);
            }
            double spread = 0;
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 0.0, "slice " + i);
                spread = Math.max(spread, Math.abs(a[i] - a[0]));
            }
            assertTrue(spread > 1e-4, "the scores vary between slices: " + spread);
        }
    }
}
