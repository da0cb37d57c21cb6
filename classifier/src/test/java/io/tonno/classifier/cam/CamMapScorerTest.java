package io.tonno.classifier.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.Stage;
import io.tonno.imaging.Volume;
import io.tonno.tomography.Reconstruction;
import io.tonno.tomography.ReconstructionSettings;
import org.junit.jupiter.api.Test;

class CamMapScorerTest {
    @Test
    void mapsHaveTheLayerResolutionAndAreTheRawCams() {
        try (ResNet net = TestNets.resnet10t(31)) {
            int[][] expected = {{16, 12}, {8, 6}, {4, 3}, {2, 2}};
            Stage[] layers = {Stage.LAYER1, Stage.LAYER2, Stage.LAYER3, Stage.LAYER4};
            float[] slices = TestNets.uniform(2 * 64 * 48, 4);
            for (int l = 0; l < 4; l++) {
                CamMapScorer scorer = CamMapScorer.of(net, CamMethod.GRADCAM, layers[l], 2);
                assertArrayEquals(expected[l], scorer.mapShape(64, 48));
                float[] maps = new float[2 * expected[l][0] * expected[l][1]];
                scorer.score(slices, 2, 64, 48, maps);
                assertArrayEquals(scorer.cam().compute(slices, 2, 64, 48), maps);
            }
        }
    }

    @Test
    void averagedAndTomographicLayerCamReconstructOnTheInputGrid() {
        try (ResNet net = TestNets.resnet10t(32)) {
            Volume v = Volume.zeros(new int[] {12, 10, 8}, new double[] {1, 1, 1}, Volume.identityAffine());
            float[] d = v.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) ((i * 37 % 11) / 11.0);
            }
            Reconstruction rec =
                    new Reconstruction(ReconstructionSettings.of(6, 4, 32).withResources(1, 0));
            CamMapScorer scorer = CamMapScorer.of(net, CamMethod.LAYERCAM, Stage.LAYER2, 12);
            Volume averaged = rec.averaged(v, scorer);
            Volume tomographic = rec.tomographic(v, scorer);
            assertArrayEquals(v.shape(), averaged.shape());
            assertArrayEquals(v.shape(), tomographic.shape());
            double sum = 0;
            for (float x : averaged.data()) {
                assertTrue(Float.isFinite(x) && x >= 0, "averaged of non-negative maps is non-negative, got " + x);
                sum += x;
            }
            assertTrue(sum > 0);
            for (float x : tomographic.data()) {
                assertTrue(Float.isFinite(x));
            }
        }
    }
}
