package io.tonno.evaluation.report;

import io.tonno.evaluation.EvaluationCase;
import io.tonno.evaluation.EvaluationSettings;
import io.tonno.evaluation.Evaluator;
import io.tonno.evaluation.MethodResult;
import io.tonno.evaluation.calibration.BinarizationSettings;
import io.tonno.evaluation.calibration.CalibrationCase;
import io.tonno.evaluation.calibration.CalibrationResult;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.calibration.Normalization;
import io.tonno.evaluation.calibration.ThresholdCalibrator;
import io.tonno.imaging.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small synthetic volumes (a bright ellipsoid "lesion" inside a body) and heatmaps of varying quality
 * for report tests: real calibration and evaluation runs on them, nothing is hard-coded.
 */
final class SyntheticResults {
    static final int N = 32;

    record Case(String id, Volume image, Volume truth, Volume foreground, int label, double[] centre) {}

    private SyntheticResults() {}

    static List<Case> cases(long seed, int count) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Case> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            int label = c % 3 == 2 ? 0 : 1;
            Volume img = Volume.zeros(
                    new int[] {N, N, N}, new double[] {1.5, 1.5, 2.0}, Volume.diagonalAffine(new double[] {1.5, 1.5, 2.0
                    }));
            Volume truth = Volume.zerosLike(img);
            Volume fg = Volume.zerosLike(img);
            double[] centre = {10 + r.nextDouble(12), 10 + r.nextDouble(12), 10 + r.nextDouble(12)};
            double rad = 3 + r.nextDouble(2.5);
            for (int k = 0; k < N; k++) {
                for (int j = 0; j < N; j++) {
                    for (int i = 0; i < N; i++) {
                        double body = sq((i - 15.5) / 14) + sq((j - 15.5) / 12) + sq((k - 15.5) / 15);
                        double d = Math.sqrt(sq(i - centre[0]) + sq(j - centre[1]) + sq((k - centre[2]) * 1.3));
                        boolean inBody = body < 1;
                        boolean lesion = label == 1 && d < rad && inBody;
                        img.set(i, j, k, (float) ((inBody ? 0.4 : 0) + (lesion ? 0.45 : 0) + r.nextGaussian() * 0.05));
                        truth.set(i, j, k, lesion ? 1 : 0);
                        fg.set(i, j, k, inBody ? 1 : 0);
                    }
                }
            }
            out.add(new Case("case-" + c, img, truth, fg, label, centre));
        }
        return out;
    }

    /** A heatmap: a Gaussian bump at the lesion with width {@code blur}, noise, and an artefact ring outside the body. */
    static Volume heatmap(Case c, double blur, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Volume h = Volume.zerosLike(c.image());
        for (int k = 0; k < N; k++) {
            for (int j = 0; j < N; j++) {
                for (int i = 0; i < N; i++) {
                    double d2 = sq(i - c.centre()[0]) + sq(j - c.centre()[1]) + sq(k - c.centre()[2]);
                    double bump = c.label() == 1 ? Math.exp(-d2 / (2 * blur * blur)) : 0;
                    double artefact = c.foreground().get(i, j, k) == 0 ? 0.6 * Math.sin(i * 0.7) : 0;
                    h.set(i, j, k, (float) (bump + artefact + r.nextGaussian() * noise - 0.05));
                }
            }
        }
        return h;
    }

    static MethodResult run(String method, String layer, double blur, double noise, List<Case> calib, List<Case> test) {
        List<CalibrationCase> cc = new ArrayList<>();
        for (Case c : calib) {
            cc.add(new CalibrationCase(
                    c.id(), heatmap(c, blur, noise, c.id().hashCode() + method.hashCode()), c.truth(), c.foreground()));
        }
        CalibrationResult cal = new ThresholdCalibrator(ThresholdCalibrator.Options.DEFAULT)
                .calibrate(cc, Normalization.RAW, ForegroundRestriction.INSIDE_FOREGROUND);
        Evaluator ev = new Evaluator(EvaluationSettings.defaults(cal.settings()));
        List<EvaluationCase> cases = new ArrayList<>();
        for (Case c : test) {
            cases.add(new EvaluationCase(
                    c.id(),
                    heatmap(c, blur, noise, c.id().hashCode() + method.hashCode()),
                    c.truth(),
                    null,
                    c.foreground(),
                    c.label(),
                    0.5 + blur));
        }
        return ev.evaluate(method, layer, cal, cases);
    }

    static BinarizationSettings settingsOf(MethodResult r) {
        return r.settings().binarization();
    }

    private static double sq(double x) {
        return x * x;
    }
}
