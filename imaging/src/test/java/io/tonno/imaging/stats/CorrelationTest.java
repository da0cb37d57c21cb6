package io.tonno.imaging.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CorrelationTest {
    @Test
    void handComputedValues() {
        // a = (1, 2, 3, 4), b = (2, 1, 4, 3): deviations (-1.5, -0.5, 0.5, 1.5) and (-0.5, -1.5, 1.5, 0.5),
        // Σxy = 0.75 + 0.75 + 0.75 + 0.75 = 3, Σx² = Σy² = 5, r = 3/5.
        assertEquals(0.6, Correlation.pearson(new double[] {1, 2, 3, 4}, new double[] {2, 1, 4, 3}), 1e-15);
        assertEquals(0.6, Correlation.pearson(new float[] {1, 2, 3, 4}, new float[] {2, 1, 4, 3}), 1e-15);
        // Invariant to scale and offset of either side; -1 for a reversed line.
        assertEquals(1.0, Correlation.pearson(new double[] {1, 2, 3}, new double[] {10, 30, 50}), 1e-15);
        assertEquals(-1.0, Correlation.pearson(new double[] {1, 2, 3}, new double[] {5, 4, 3}), 1e-15);
    }

    @Test
    void constantSeriesAndBadLengths() {
        assertEquals(1.0, Correlation.pearson(new double[] {2, 2}, new double[] {7, 7}));
        assertEquals(0.0, Correlation.pearson(new double[] {2, 2}, new double[] {1, 7}));
        assertThrows(IllegalArgumentException.class, () -> Correlation.pearson(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Correlation.pearson(new float[0], new float[0]));
    }
}
