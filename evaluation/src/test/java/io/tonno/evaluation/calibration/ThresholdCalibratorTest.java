package io.tonno.evaluation.calibration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.evaluation.metrics.Dice;
import io.tonno.imaging.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThresholdCalibratorTest {
    /** A 12³ case with a cube lesion whose heatmap is {@code signal} inside plus noise everywhere. */
    private static CalibrationCase blobCase(String id, SplittableRandom r, double signal, boolean lesion) {
        Volume heat = Volume.zeros(12, 12, 12);
        Volume truth = Volume.zeros(12, 12, 12);
        Volume fg = Volume.zeros(12, 12, 12);
        int lo = 3 + r.nextInt(3);
        for (int k = 0; k < 12; k++) {
            for (int j = 0; j < 12; j++) {
                for (int i = 0; i < 12; i++) {
                    boolean in = lesion && i >= lo && i < lo + 4 && j >= lo && j < lo + 4 && k >= lo && k < lo + 3;
                    heat.set(i, j, k, (float) ((in ? signal : 0) + r.nextGaussian() * 0.3));
                    truth.set(i, j, k, in ? 1 : 0);
                    fg.set(i, j, k, i > 0 && i < 11 ? 1 : 0);
                }
            }
        }
        // A strong artefact outside the foreground, as ToNNO produces outside the body.
        heat.set(0, 6, 6, 50f);
        return new CalibrationCase(id, heat, truth, fg);
    }

    private static List<CalibrationCase> cases(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<CalibrationCase> out = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            out.add(blobCase("c" + c, r, 1.5 + 0.5 * c, c != 2));
        }
        return out;
    }

    @Test
    void meanDiceOfEveryCandidateEqualsBinarizingFromScratch() {
        List<CalibrationCase> cases = cases(1);
        ThresholdCalibrator cal =
                new ThresholdCalibrator(new ThresholdCalibrator.Options(40, 100_000, Dice.BothEmpty.ONE));
        for (ForegroundRestriction restriction : ForegroundRestriction.values()) {
            for (Normalization norm :
                    List.of(Normalization.RAW, Normalization.PER_VOLUME_MAX, Normalization.percentile(99))) {
                CalibrationResult res = cal.calibrate(cases, norm, restriction);
                for (int cand = 0; cand < res.candidates().length; cand++) {
                    BinarizationSettings s = new BinarizationSettings(norm, res.candidates()[cand], restriction);
                    double sum = 0;
                    for (CalibrationCase cc : cases) {
                        boolean[] pred = Binarizer.binarize(cc.heatmap(), cc.foreground(), s);
                        sum += Dice.dice(pred, truthMask(cc.truth()), Dice.BothEmpty.ONE);
                    }
                    assertEquals(sum / cases.size(), res.meanDices()[cand], 1e-12, norm.label() + " candidate " + cand);
                }
            }
        }
    }

    @Test
    void findsAThresholdThatSeparatesAStrongSignal() {
        CalibrationResult res = new ThresholdCalibrator(ThresholdCalibrator.Options.DEFAULT)
                .calibrate(cases(2), Normalization.RAW, ForegroundRestriction.INSIDE_FOREGROUND);
        // Signals 1.5..4 over noise of sd 0.3: the best raw threshold lies between noise and signal.
        assertTrue(
                res.settings().threshold() > 0.5 && res.settings().threshold() < 1.5,
                "threshold " + res.settings().threshold());
        assertTrue(res.meanDice() > 0.85, "mean Dice " + res.meanDice());
        for (double d : res.meanDices()) {
            assertTrue(d <= res.meanDice());
        }
        assertEquals(ForegroundRestriction.INSIDE_FOREGROUND, res.settings().restriction());
        assertEquals(6, res.cases());
    }

    @Test
    void isDeterministic() {
        ThresholdCalibrator cal = new ThresholdCalibrator(ThresholdCalibrator.Options.DEFAULT);
        CalibrationResult a = cal.calibrate(cases(3), Normalization.PER_VOLUME_MAX, ForegroundRestriction.NONE);
        CalibrationResult b = cal.calibrate(cases(3), Normalization.PER_VOLUME_MAX, ForegroundRestriction.NONE);
        assertEquals(a.settings(), b.settings());
        assertArrayEquals(a.candidates(), b.candidates());
        assertArrayEquals(a.meanDices(), b.meanDices());
    }

    @Test
    void candidatesIncludeUpperTailQuantiles() {
        float[] pool = new float[10_000];
        for (int n = 0; n < pool.length; n++) {
            pool[n] = n;
        }
        double[] c = ThresholdCalibrator.candidates(pool, pool.length, 20);
        // Uniform half: 0, 1000, ..., 9000 (roughly); tail half reaches 1 - 1e-4 -> 9998.0001.
        assertEquals(0.0, c[0]);
        assertEquals(9999 * (1 - 1e-4), c[c.length - 1], 1e-6);
        for (int n = 1; n < c.length; n++) {
            assertTrue(c[n] > c[n - 1]);
        }
    }

    private static boolean[] truthMask(Volume truth) {
        boolean[] m = new boolean[truth.voxelCount()];
        for (int n = 0; n < m.length; n++) {
            m[n] = truth.data()[n] != 0f;
        }
        return m;
    }
}
