package io.tonno.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tonno.imaging.dataset.Box;
import io.tonno.imaging.label.ConnectedComponents;
import io.tonno.imaging.label.Connectivity;
import io.tonno.imaging.label.Labeling;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaxIoUTest {
    @Test
    void takesTheBestComponentBoxPerTruthBox() {
        // Component 1 spans i=1..2, j=0..1, k=0..1 (8 voxels, an L so its box is not full);
        // component 2 is far away at i=5.
        boolean[] pred = Masks.of(new String[] {".##..#", ".#...."}, new String[] {".#....", ".##..."});
        Labeling p = ConnectedComponents.label(pred, 6, 2, 2, Connectivity.TWENTY_SIX);
        List<Box> truth = List.of(new Box(0, 0, 0, 1, 1, 1), new Box(5, 0, 0, 5, 0, 0));
        // Box 1 vs (1..2,0..1,0..1): 4 shared voxels of 8 + 8 - 4 = 12 -> 1/3. Box 2 equals component 2.
        assertArrayEquals(new double[] {1.0 / 3.0, 1.0}, MaxIoU.perBox(truth, p), 1e-12);
        assertEquals(2.0 / 3.0, MaxIoU.volume(truth, p), 1e-12);
    }

    @Test
    void scoresZeroWithoutPredictionsAndNanWithoutBoxes() {
        Labeling none = ConnectedComponents.label(new boolean[8], 2, 2, 2, Connectivity.TWENTY_SIX);
        assertEquals(0.0, MaxIoU.volume(List.of(new Box(0, 0, 0, 0, 0, 0)), none));
        assertEquals(Double.NaN, MaxIoU.volume(List.of(), none));
    }
}
