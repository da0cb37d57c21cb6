package io.tonno.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DiceTest {
    @Test
    void countsOverlapOfLiteralMasks() {
        boolean[] pred = Masks.of(new String[] {"###..", "....."});
        boolean[] truth = Masks.of(new String[] {".####", "....."});
        // |P| = 3, |T| = 4, |P ∩ T| = 2.
        assertEquals(4.0 / 7.0, Dice.dice(pred, truth, Dice.BothEmpty.ONE), 1e-12);
    }

    @Test
    void bothEmptyIsOneByDefaultAndExcludedOnRequest() {
        boolean[] empty = new boolean[8];
        assertEquals(1.0, Dice.dice(empty, empty, Dice.BothEmpty.ONE));
        assertEquals(Double.NaN, Dice.dice(empty, empty, Dice.BothEmpty.EXCLUDE));
    }

    @Test
    void emptyPredictionOrEmptyTruthAloneScoresZero() {
        boolean[] empty = new boolean[4];
        boolean[] some = {false, true, false, false};
        assertEquals(0.0, Dice.dice(empty, some, Dice.BothEmpty.ONE));
        assertEquals(0.0, Dice.dice(some, empty, Dice.BothEmpty.EXCLUDE));
    }

    @Test
    void meanSkipsExcludedVolumes() {
        assertEquals(0.5, Dice.mean(new double[] {1.0, Double.NaN, 0.0}), 1e-12);
        assertEquals(Double.NaN, Dice.mean(new double[] {Double.NaN}));
    }

    @Test
    void rejectsMasksOfDifferentLength() {
        assertThrows(
                IllegalArgumentException.class, () -> Dice.dice(new boolean[3], new boolean[4], Dice.BothEmpty.ONE));
    }
}
