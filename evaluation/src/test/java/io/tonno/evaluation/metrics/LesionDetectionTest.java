package io.tonno.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tonno.imaging.dataset.Box;
import io.tonno.imaging.label.ConnectedComponents;
import io.tonno.imaging.label.Connectivity;
import io.tonno.imaging.label.Labeling;
import java.util.List;
import org.junit.jupiter.api.Test;

class LesionDetectionTest {
    private static Labeling label(boolean[] m, int nx, int ny, int nz) {
        return ConnectedComponents.label(m, nx, ny, nz, Connectivity.TWENTY_SIX);
    }

    @Test
    void countsDetectedTruthAndTruePositivePredictions() {
        // Truth: lesion A (left, 2 slices) and lesion B (right). Prediction: one blob touching A in
        // slice 1 only, and two blobs touching nothing.
        boolean[] truth = Masks.of(
                new String[] {"##......", "##.....#", "........"}, new String[] {"##......", "........", "........"});
        boolean[] pred = Masks.of(
                new String[] {"........", "....#...", "........"}, new String[] {".#......", "........", "......##"});
        DetectionCounts c = LesionDetection.count(label(pred, 8, 3, 2), label(truth, 8, 3, 2));
        assertEquals(new DetectionCounts(2, 1, 3, 1), c);
        assertEquals(1.0 / 3.0, c.precision(DetectionCounts.ZeroDivision.ZERO), 1e-12);
        assertEquals(0.5, c.recall(DetectionCounts.ZeroDivision.ZERO), 1e-12);
        assertEquals(0.4, c.f1(DetectionCounts.ZeroDivision.ZERO), 1e-12);
    }

    @Test
    void onePredictionOverlappingTwoLesionsDetectsBoth() {
        boolean[] truth = Masks.of(new String[] {"#.#"});
        boolean[] pred = Masks.of(new String[] {"###"});
        assertEquals(
                new DetectionCounts(2, 2, 1, 1), LesionDetection.count(label(pred, 3, 1, 1), label(truth, 3, 1, 1)));
    }

    @Test
    void poolsCountsBeforeTakingRatios() {
        DetectionCounts a = new DetectionCounts(1, 1, 1, 1);
        DetectionCounts b = new DetectionCounts(3, 0, 1, 0);
        DetectionCounts pooled = a.plus(b);
        // Pooled: recall 1/4 and precision 1/2, not the means of per-volume ratios (1/2 and 1/2).
        assertEquals(0.25, pooled.recall(DetectionCounts.ZeroDivision.ZERO), 1e-12);
        assertEquals(0.5, pooled.precision(DetectionCounts.ZeroDivision.ZERO), 1e-12);
        assertEquals(2 * 0.125 / 0.75, pooled.f1(DetectionCounts.ZeroDivision.ZERO), 1e-12);
    }

    @Test
    void zeroDivisionIsZeroOrNanAsNamed() {
        DetectionCounts silent = new DetectionCounts(2, 0, 0, 0);
        assertEquals(0.0, silent.precision(DetectionCounts.ZeroDivision.ZERO));
        assertEquals(0.0, silent.f1(DetectionCounts.ZeroDivision.ZERO));
        assertEquals(Double.NaN, silent.precision(DetectionCounts.ZeroDivision.NAN));
        assertEquals(Double.NaN, silent.f1(DetectionCounts.ZeroDivision.NAN));
    }

    @Test
    void boxesCountAsLesionsWhoseVoxelsAreTheBox() {
        boolean[] pred = Masks.of(new String[] {"##....", "......", "....#."});
        Labeling p = label(pred, 6, 3, 1);
        List<Box> boxes = List.of(new Box(1, 0, 0, 2, 1, 0), new Box(3, 0, 0, 3, 0, 0));
        // The first box contains voxel (1,0) of the left blob; the second box contains nothing.
        assertEquals(new DetectionCounts(2, 1, 2, 1), LesionDetection.count(p, boxes));
    }
}
