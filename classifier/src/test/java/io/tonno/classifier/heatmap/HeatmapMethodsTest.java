package io.tonno.classifier.heatmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
            List<ChunkResult> parts = new ArrayList<>();
            for (DirectionChunk c : HeatmapMethods.chunks(s, 3)) {
                // Through the byte form, as chunk results travel through the artifact store.
                parts.add(ChunkResult.fromBytes(HeatmapMethods.computeChunk(net, volume, s, c).toBytes()));
            }
            Volume combined = HeatmapMethods.combine(parts, volume, s);
            float[] a = whole.data();
            float[] b = combined.data();
            double scale = 1e-12;
            for (float x : a) {
                scale = Math.max(scale, Math.abs(x));
            }
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5 * scale, s.label() + " voxel " + i);
            }
        }
    }

    @Test
    void baselinesDispatchToTheTwoDimensionalProtocol() {
        MethodSettings s = MethodSettings.baseline2d(HeatmapMethod.GRADCAM, Stage.LAYER3, SliceAxes.AXIAL, 32)
                .withResources(1, 4);
        Volume expected = new Cam2dBaseline(CamMethod.GRADCAM.create(net, Stage.LAYER3, 4), 32, false)
                .compute(volume, SliceAxes.AXIAL);
        assertArrayEquals(expected.data(), HeatmapMethods.compute(net, volume, s).data());
        assertEquals("gradcam-l3-axial", s.label());
        assertThrows(IllegalArgumentException.class, () -> HeatmapMethods.chunks(s, 2));
    }

    @Test
    void settingsRejectInconsistentCombinations() {
        assertThrows(IllegalArgumentException.class, () -> new MethodSettings(HeatmapMethod.TONNO, CamMethod.LAYERCAM,
                Stage.LAYER2, null, 10, 10, 32, false, 0, 8, false));
        assertThrows(IllegalArgumentException.class, () -> new MethodSettings(HeatmapMethod.GRADCAM, CamMethod.LAYERCAM,
                Stage.LAYER2, null, 0, 0, 32, false, 0, 8, false));
        assertThrows(IllegalArgumentException.class, () -> new MethodSettings(HeatmapMethod.AVERAGED, CamMethod.LAYERCAM,
                Stage.HEAD, null, 10, 10, 32, false, 0, 8, false));
        assertThrows(IllegalArgumentException.class, () -> new MethodSettings(HeatmapMethod.AVERAGED, CamMethod.LAYERCAM,
                Stage.LAYER2, null, 10, 1, 32, false, 0, 8, false));
        assertEquals("tomographic-layercam-l4",
                MethodSettings.maps(HeatmapMethod.TOMOGRAPHIC, CamMethod.LAYERCAM, Stage.LAYER4, 64).label());
        assertEquals(1000, MethodSettings.maps(HeatmapMethod.AVERAGED, CamMethod.LAYERCAM, Stage.LAYER4, 64).directions());
    }
}
