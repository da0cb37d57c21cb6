package io.tonno.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BalancedAccuracyTest {
    @Test
    void averagesSensitivityAndSpecificity() {
        int[] labels = {1, 1, 1, 0, 0};
        boolean[] predicted = {true, true, false, true, false};
        // Sensitivity 2/3, specificity 1/2.
        assertEquals(7.0 / 12.0, BalancedAccuracy.compute(labels, predicted), 1e-12);
    }

    @Test
    void usesOnlyClassesPresentAndNanForNoVolumes() {
        assertEquals(0.5, BalancedAccuracy.compute(new int[] {1, 1}, new boolean[] {true, false}), 1e-12);
        assertEquals(1.0, BalancedAccuracy.compute(new int[] {0}, new boolean[] {false}), 1e-12);
        assertEquals(Double.NaN, BalancedAccuracy.compute(new int[0], new boolean[0]));
    }

    @Test
    void rejectsLabelsOtherThanZeroAndOne() {
        assertThrows(
                IllegalArgumentException.class, () -> BalancedAccuracy.compute(new int[] {2}, new boolean[] {true}));
    }
}
