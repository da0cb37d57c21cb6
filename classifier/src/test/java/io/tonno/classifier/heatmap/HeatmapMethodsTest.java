package io.tonno.classifier.heatmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.tonno.classifier.cam.Cam2dBaseline;
import io.tonno.classifier.cam.CamMethod;
import io.tonno.classifier.cam.SliceAxes;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.nn.Stage;
import io.tonno.imaging.Volume;
import io.tonno.tomography.DirectionChunk;
import io.tonno.tomography.PooledInputMapScorer;
import io.tonno.tomography.RadonSumScorer;
import io.tonno.tomography.Reconstruction;
import io.tonno.tomography.ReconstructionSettings;
import io.tonno.tomography.Timings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HeatmapMethodsTest {
    private static ResNet net;
    private static Volume volume;

    @BeforeAll
    static void setUp() {
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, NormKind.GN, 1);
        net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), ResNetInit.random(layout, 41));
        double[] affine = {2, 0, 0, 1, 0, 2, 0, 2, 0, 0, 2, 3, 0, 0, 0, 1};
        volume = Volume.zeros(new int[] {10, 9, 8}, new double[] {2, 2, 2}, affine);
        float[] d = volume.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) ((i * 53 % 17) / 17.0);
        }
    }

    @AfterAll
    static void close() {
        net.close();
    }

    private static MethodSettings small(MethodSettings s) {
        return s.withDirections(8, 4).withResources(1, 16);
    }

    @Test
    void chunksCombineToTheWholeReconstructionForEveryDirectionSetMethod() {
        List<MethodSettings> all = List.of(
                small(MethodSettings.tonno(32)),
                small(MethodSettings.maps(HeatmapMethod.AVERAGED, CamMethod.LAYERCAM, Stage.LAYER2, 32)),
                small(MethodSettings.maps(HeatmapMethod.TOMOGRAPHIC, CamMethod.LAYERCAM, Stage.LAYER3, 32)));
        for (MethodSettings s : all) {
            Volume whole = HeatmapMethods.compute(net, volume, s);
            assertArrayEquals(volume.shape(), whole.shape());
            assertArrayEquals(volume.affine(), whole.affine());
            List<HeatmapChunk> parts = new ArrayList<>();
            long[] scored = {0};
            for (DirectionChunk c : HeatmapMethods.chunks(s, 3)) {
                // Through the byte form, as chunk results travel through the artifact store.
                byte[] bytes = HeatmapMethods.computeChunk(net, volume, s, c.first(), c.count(), n -> scored[0] += n)
                        .toBytes();
                parts.add(HeatmapChunk.fromBytes(s.method(), bytes));
            }
            assertTrue(scored[0] >= 8L * 6, s.method() + ": every slice counted, " + scored[0]);
            Volume combined = HeatmapMethods.combine(s.method(), parts, volume, 1);
            float[] a = whole.data();
            float[] b = combined.data();
            double scale = 1e-12;
            for (float x : a) {
                scale = Math.max(scale, Math.abs(x));
            }
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5 * scale, s + " voxel " + i);
            }
        }
    }

    @Test
    void baselinesDispatchToTheTwoDimensionalProtocolAndCombineTheirAxesBitForBit() {
        MethodSettings s = MethodSettings.baseline2d(HeatmapMethod.GRADCAM, Stage.LAYER3, SliceAxes.AXIAL, 32)
                .withResources(1, 4);
        Volume expected = new Cam2dBaseline(CamMethod.GRADCAM.create(net, Stage.LAYER3, 4), 32, false)
                .compute(volume, SliceAxes.AXIAL);
        assertArrayEquals(
                expected.data(), HeatmapMethods.compute(net, volume, s).data());
        assertThrows(IllegalArgumentException.class, () -> HeatmapMethods.chunks(s, 2));

        MethodSettings three = MethodSettings.baseline2d(HeatmapMethod.LAYERCAM, Stage.LAYER2, SliceAxes.ALL, 32)
                .withResources(1, 4);
        List<HeatmapChunk> axes = new ArrayList<>();
        long[] scored = {0};
        for (int axis : SliceAxes.ALL.axes()) {
            byte[] bytes = HeatmapMethods.computeChunk(net, volume, three, axis, 1, n -> scored[0] += n)
                    .toBytes();
            axes.add(HeatmapChunk.fromBytes(HeatmapMethod.LAYERCAM, bytes));
        }
        assertEquals(10 + 9 + 8, scored[0]);
        assertArrayEquals(
                HeatmapMethods.compute(net, volume, three).data(),
                HeatmapMethods.combine(HeatmapMethod.LAYERCAM, axes, volume, 1).data());
        assertThrows(
                IllegalArgumentException.class, () -> HeatmapMethods.computeChunk(net, volume, three, 0, 2, n -> {}));
    }

    @Test
    void anySliceScorerReconstructsAsTheTomographyEngineAndTheWrongKindIsRefused() {
        ReconstructionSettings rs = ReconstructionSettings.of(12, 6, 16).withResources(1, 0);
        Volume direct = new Reconstruction(rs).tonno(volume, new RadonSumScorer());
        long[] scored = {0};
        Volume viaEntryPoint = HeatmapMethods.reconstruct(
                HeatmapMethod.TONNO,
                new DirectionScorer.Scalar(new RadonSumScorer()),
                volume,
                rs,
                volume.shape(),
                new Timings(n -> scored[0] += n));
        assertArrayEquals(direct.data(), viaEntryPoint.data());
        assertTrue(scored[0] >= 12L * 8, scored[0] + " slices counted");
        assertArrayEquals(
                new Reconstruction(rs)
                        .tomographic(volume, new PooledInputMapScorer(4))
                        .data(),
                HeatmapMethods.reconstruct(
                                HeatmapMethod.TOMOGRAPHIC,
                                new DirectionScorer.Maps(new PooledInputMapScorer(4)),
                                volume,
                                rs,
                                volume.shape(),
                                new Timings())
                        .data());
        assertThrows(
                IllegalArgumentException.class,
                () -> HeatmapMethods.reconstruct(
                        HeatmapMethod.AVERAGED,
                        new DirectionScorer.Scalar(new RadonSumScorer()),
                        volume,
                        rs,
                        volume.shape(),
                        new Timings()));
        assertThrows(
                IllegalArgumentException.class,
                () -> HeatmapMethods.reconstruct(
                        HeatmapMethod.GRADCAM,
                        new DirectionScorer.Maps(new PooledInputMapScorer(4)),
                        volume,
                        rs,
                        volume.shape(),
                        new Timings()));
    }

    @Test
    void settingsRejectInconsistentCombinations() {
        assertThrows(
                IllegalArgumentException.class,
                () -> settings(HeatmapMethod.TONNO, CamMethod.LAYERCAM, Stage.LAYER2, 10, 10));
        assertThrows(
                IllegalArgumentException.class,
                () -> settings(HeatmapMethod.GRADCAM, CamMethod.LAYERCAM, Stage.LAYER2, 0, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> settings(HeatmapMethod.AVERAGED, CamMethod.LAYERCAM, Stage.HEAD, 10, 10));
        assertThrows(
                IllegalArgumentException.class,
                () -> settings(HeatmapMethod.AVERAGED, CamMethod.LAYERCAM, Stage.LAYER2, 10, 1));
        assertEquals(
                1000,
                MethodSettings.maps(HeatmapMethod.AVERAGED, CamMethod.LAYERCAM, Stage.LAYER4, 64)
                        .directions());
    }

    /** Settings of {@code method} at slice size 32 on all cores, 8 slices per pass, raw maps. */
    private static MethodSettings settings(
            HeatmapMethod method, CamMethod cam, Stage layer, int directions, int slices) {
        return new MethodSettings(
                method, cam, layer, null, directions, slices, 32, null, 0, 8, false, null, false, null);
    }
}
