package io.tonno.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.Volume;
import org.junit.jupiter.api.Test;

class FiguresTest {
    @Test
    void divergingMapIsWhiteAtZeroRedForEvidenceAndBlueBelow() {
        assertEquals(0xF7F7F7, ColorMaps.diverging(0, 1));
        int hot = ColorMaps.diverging(0.8, 1);
        int cold = ColorMaps.diverging(-0.8, 1);
        assertTrue(((hot >> 16) & 255) > (hot & 255) + 100, Integer.toHexString(hot));
        assertTrue((cold & 255) > ((cold >> 16) & 255) + 100, Integer.toHexString(cold));
        // Saturates beyond the limit.
        assertEquals(ColorMaps.diverging(1, 1), ColorMaps.diverging(5, 1));
    }

    @Test
    void picksTheAxialSliceWithMostVoxelsOfTheLargestLesion() {
        Volume truth = Volume.zeros(5, 5, 6);
        // Small lesion with many voxels in slice 0 would be wrong; the large one peaks at k = 4.
        truth.set(0, 0, 0, 1);
        for (int k = 2; k <= 5; k++) {
            int r = k == 4 ? 2 : 1;
            for (int j = 2 - r + 1; j <= 2 + r - 1; j++) {
                for (int i = 1; i <= 3; i++) {
                    truth.set(i, j, k, 1);
                }
            }
        }
        assertEquals(4, CaseFigure.sliceThroughLargestLesion(truth, 6));
        assertEquals(3, CaseFigure.sliceThroughLargestLesion(null, 6));
    }

    @Test
    void niceTicksUseRoundSteps() {
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, Charts.niceTicks(0, 1, 6), 1e-12);
        assertArrayEquals(new double[] {0, 500, 1000, 1500, 2000}, Charts.niceTicks(10, 2000, 5), 1e-9);
        assertEquals("0.25", Charts.formatTick(0.25, new double[] {0, 0.25}));
        assertEquals("1000", Charts.formatTick(1000, new double[] {0, 500}));
    }

    @Test
    void movingAverageStartsAtTheFirstValue() {
        double[] e = TrainingCurvesFigure.ema(new double[] {1, 1, 1, 0}, 0.9);
        assertEquals(1.0, e[0], 1e-12);
        assertEquals(1.0, e[2], 1e-12);
        assertTrue(e[3] < 1 && e[3] > 0.5);
    }
}
