package io.tonno.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.evaluation.calibration.BinarizationSettings;
import io.tonno.evaluation.calibration.Binarizer;
import io.tonno.evaluation.calibration.CalibrationResult;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.calibration.Normalization;
import io.tonno.evaluation.metrics.Dice;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import io.tonno.imaging.label.Connectivity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The single calibrate → binarize → evaluate path on real 10³ heatmaps and masks. */
class CalibratedEvaluationTest {
    private static CalibratedEvaluation evaluation(Dice.BothEmpty bothEmpty) {
        return new CalibratedEvaluation(new CalibratedEvaluation.Options(
                Normalization.RAW, ForegroundRestriction.NONE, Connectivity.TWENTY_SIX, bothEmpty));
    }

    /** 10³: a 3³ lesion at {@code (lo, lo, lo)} whose heatmap is {@code signal}; background {@code bg}. */
    private static Volume[] lesion(int lo, float signal, float bg) {
        Volume heat = Volume.zeros(10, 10, 10);
        Volume truth = Volume.zeros(10, 10, 10);
        for (int k = 0; k < 10; k++) {
            for (int j = 0; j < 10; j++) {
                for (int i = 0; i < 10; i++) {
                    boolean in = i >= lo && i < lo + 3 && j >= lo && j < lo + 3 && k >= lo && k < lo + 3;
                    heat.set(i, j, k, in ? signal : bg + 0.01f * ((i + 2 * j + 3 * k) % 7));
                    truth.set(i, j, k, in ? 1 : 0);
                }
            }
        }
        return new Volume[] {heat, truth};
    }

    /** The box of {@link #lesion}'s lesion. */
    private static Box box(int lo) {
        return new Box(lo, lo, lo, lo + 2, lo + 2, lo + 2);
    }

    @Test
    void calibratedThresholdSeparatesLesionFromBackgroundAndIsReusedOnTheTestSplit() throws Exception {
        List<EvaluationCase> calib = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            Volume[] v = lesion(2 + c, 5f + c, 1f);
            calib.add(EvaluationCase.withMask("cal" + c, v[0], v[1], null, 1));
        }
        CalibratedEvaluation ev = evaluation(Dice.BothEmpty.ONE);
        CalibrationResult cal = ev.calibrate("calib", calib.size(), calib::get);
        double t = cal.settings().threshold();
        assertTrue(t >= 1.05 && t < 3, "threshold just above the background (max 1.06), got " + t);
        assertEquals(1.0, cal.meanDice(), 1e-12);

        // Test lesion at 3.0: above the calibrated threshold only if the threshold came from calibration.
        Evaluator.Accumulator acc = ev.start("M", "layer2", cal);
        Volume[] v = lesion(4, 3f, 1f);
        Evaluator.Scored scored = acc.add(EvaluationCase.withMask("test0", v[0], v[1], null, 1));
        assertArrayEquals(
                Binarizer.binarize(v[0], null, cal.settings()),
                scored.prediction(),
                "the prediction handed back is the one that was scored");
        assertEquals(27, scored.metrics().predictedVoxels());
        MethodResult r = acc.finish();
        assertSame(cal, r.calibration());
        assertEquals(t, r.settings().binarization().threshold());
        assertEquals(1.0, r.pooled().meanDice(), 1e-12);
        assertEquals("layer2", r.layer());
    }

    @Test
    void boxOnlyCasesCalibrateOnTheirFilledBoxesAndScoreMaxIoU() throws Exception {
        List<EvaluationCase> calib = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            Volume[] v = lesion(2 + c, 5f, 1f);
            calib.add(new EvaluationCase("cal" + c, v[0], null, List.of(box(2 + c)), null, 1, Double.NaN));
        }
        // A negative box-only case: an empty box list is an all-zero truth.
        Volume[] neg = lesion(0, 1f, 1f);
        calib.add(new EvaluationCase("neg", neg[0], null, List.of(), null, 0, Double.NaN));
        CalibratedEvaluation ev = evaluation(Dice.BothEmpty.ONE);
        CalibrationResult cal = ev.calibrate("calib", calib.size(), calib::get);
        assertEquals(1.0, cal.meanDice(), 1e-12, "the filled boxes are the lesions exactly");

        Evaluator.Accumulator acc = ev.start("M", null, cal);
        Volume[] v = lesion(5, 4f, 1f);
        acc.add(new EvaluationCase("test0", v[0], null, List.of(box(5)), null, 1, 2.0));
        PooledMetrics p = acc.finish().pooled();
        assertTrue(p.boxOnly());
        assertEquals(1.0, p.meanMaxIoU(), 1e-12);
        assertEquals(1.0, p.f1(), 1e-12);
        assertTrue(Double.isNaN(p.meanDice()), "no mask: Dice is undefined, not 0");
        assertEquals(0, p.diceVolumes());
    }

    @Test
    void givenThresholdScoresWithoutCalibrationAndUndefinedDiceIsLeftOutOfTheMean() {
        Volume[] hit = lesion(3, 5f, 1f);
        Volume[] empty = lesion(0, 1f, 1f);
        Volume noLesion = Volume.zeros(10, 10, 10);
        // Both empty, excluded: that volume's Dice is NaN and the mean is over the other volume only.
        Evaluator.Accumulator acc = evaluation(Dice.BothEmpty.EXCLUDE).start("M", null, 2.0, null);
        acc.add(EvaluationCase.withMask("hit", hit[0], hit[1], null, 1));
        CaseMetrics both = acc.add(EvaluationCase.withMask("empty", empty[0], noLesion, null, 0))
                .metrics();
        MethodResult r = acc.finish();
        assertNull(r.calibration());
        assertEquals(
                new BinarizationSettings(Normalization.RAW, 2.0, ForegroundRestriction.NONE),
                r.settings().binarization());
        assertTrue(Double.isNaN(both.dice()));
        assertEquals(1.0, r.pooled().meanDice(), 1e-12);
        assertEquals(1, r.pooled().diceVolumes());

        // Only the both-empty volume: no Dice is defined, so the mean is undefined (NaN), not 0.
        Evaluator.Accumulator alone = evaluation(Dice.BothEmpty.EXCLUDE).start("M", null, 2.0, null);
        alone.add(EvaluationCase.withMask("empty", empty[0], noLesion, null, 0));
        PooledMetrics p = alone.finish().pooled();
        assertTrue(Double.isNaN(p.meanDice()), String.valueOf(p.meanDice()));
        assertEquals(0, p.diceVolumes());

        // With the default rule the same volume has Dice 1 and counts.
        Evaluator.Accumulator one = evaluation(Dice.BothEmpty.ONE).start("M", null, 2.0, null);
        one.add(EvaluationCase.withMask("empty", empty[0], noLesion, null, 0));
        assertEquals(1.0, one.finish().pooled().meanDice());
    }

    @Test
    void badCalibrationCasesNameTheSourceAndTheField() {
        Volume[] v = lesion(2, 5f, 1f);
        CalibratedEvaluation ev = evaluation(Dice.BothEmpty.ONE);
        InvalidInputException none = assertThrows(
                InvalidInputException.class,
                () -> ev.calibrate("split X", 1, i -> new EvaluationCase("c7", v[0], null, null, null, 1, Double.NaN)));
        assertEquals("split X", none.source());
        assertEquals("cases[c7].mask", none.field());

        InvalidInputException outside = assertThrows(
                InvalidInputException.class,
                () -> ev.calibrate(
                        "split X",
                        1,
                        i -> new EvaluationCase(
                                "c8", v[0], null, List.of(new Box(8, 8, 8, 10, 10, 10)), null, 1, Double.NaN)));
        assertEquals("split X", outside.source());
        assertTrue(outside.getMessage().contains("outside the volume of shape [10, 10, 10]"), outside.getMessage());

        InvalidInputException empty =
                assertThrows(InvalidInputException.class, () -> ev.calibrate("split X", 0, i -> null));
        assertEquals("calibration", empty.field());
    }
}
