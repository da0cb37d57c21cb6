package io.tonno.classifier.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The slice AUC of a perfect lesion detector against inherited volume labels, on hand-computed cases. */
class PerfectDetectorSliceAucTest {
    @Test
    void isOneHalfPlusHalfTheFractionOfPositiveSlicesThatCutALesion() {
        // Three positive volumes of four slices (1, 2 and 0 slices cut a lesion) and two negative ones.
        float[] labels = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        float[] cuts = {1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        // f = 3/12. By hand: the 3 lesion slices beat all 8 negative slices (24 pairs), the other 9 positive slices
        // tie with them (72 pairs, half each): (24 + 36) / 96 = 0.625 = 0.5 + 0.25/2.
        assertEquals(0.625, TrainingRun.perfectDetectorSliceAuc(labels, cuts), 1e-12);
    }

    @Test
    void aLesionInANegativeVolumeCountsAgainstIt() {
        // One positive and one negative volume of four slices, one slice of each cutting a lesion: of the 16 pairs the
        // positive lesion slice wins 3 and ties 1, the 3 other positive slices tie 3 and lose 1 each: (3 + 0.5 +
        // 4.5)/16.
        float[] labels = {1, 1, 1, 1, 0, 0, 0, 0};
        float[] cuts = {0, 1, 0, 0, 0, 0, 1, 0};
        assertEquals(0.5, TrainingRun.perfectDetectorSliceAuc(labels, cuts), 1e-12);
    }

    @Test
    void isUndefinedWithoutBothClassesAndOneWhenEverySliceOfAPositiveVolumeCutsALesion() {
        assertTrue(Double.isNaN(TrainingRun.perfectDetectorSliceAuc(new float[] {1, 1}, new float[] {1, 0})));
        assertEquals(
                1.0, TrainingRun.perfectDetectorSliceAuc(new float[] {1, 1, 0, 0}, new float[] {1, 1, 0, 0}), 1e-12);
    }
}
