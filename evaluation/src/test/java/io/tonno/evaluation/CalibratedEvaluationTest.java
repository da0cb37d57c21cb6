package io.tonno.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.evaluation.calibration.CalibrationCase;
import io.tonno.evaluation.calibration.CalibrationResult;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.calibration.Normalization;
import io.tonno.evaluation.metrics.Dice;
import io.tonno.imaging.Volume;
import io.tonno.imaging.label.Connectivity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibratedEvaluationTest {
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

    @Test
    void calibratedThresholdSeparatesLesionFromBackgroundAndIsReusedOnTheTestSplit() throws Exception {
        List<CalibrationCase> calib = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            Volume[] v = lesion(2 + c, 5f + c, 1f);
            calib.add(new CalibrationCase("cal" + c, v[0], v[1], null));
        }
        CalibratedEvaluation ev = new CalibratedEvaluation(new CalibratedEvaluation.Options(Normalization.RAW,
                ForegroundRestriction.NONE, Connectivity.TWENTY_SIX, Dice.BothEmpty.ONE));
        CalibrationResult cal = ev.calibrate(calib.size(), calib::get);
        double t = cal.settings().threshold();
        assertTrue(t >= 1.05 && t < 3, "threshold just above the background (max 1.06), got " + t);
        assertEquals(1.0, cal.meanDice(), 1e-12);

        // Test lesion at 3.0: above the calibrated threshold only if the threshold came from calibration.
        Evaluator.Accumulator acc = ev.start("M", "layer2", cal);
        Volume[] v = lesion(4, 3f, 1f);
        acc.add(EvaluationCase.withMask("test0", v[0], v[1], null, 1));
        MethodResult r = acc.finish();
        assertSame(cal, r.calibration());
        assertEquals(t, r.settings().binarization().threshold());
        assertEquals(1.0, r.pooled().meanDice(), 1e-12);
        assertEquals("layer2", r.layer());
    }
}
