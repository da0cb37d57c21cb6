package io.tonno.evaluation;

import io.tonno.evaluation.calibration.BinarizationSettings;
import io.tonno.evaluation.calibration.CalibrationCase;
import io.tonno.evaluation.calibration.CalibrationResult;
import io.tonno.evaluation.calibration.CaseLoader;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.calibration.Normalization;
import io.tonno.evaluation.calibration.ThresholdCalibrator;
import io.tonno.evaluation.metrics.DetectionCounts;
import io.tonno.evaluation.metrics.Dice;
import io.tonno.evaluation.metrics.HausdorffDistance;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.label.Connectivity;
import io.tonno.imaging.label.Masks;
import java.io.IOException;
import java.util.Objects;

/**
 * The one calibrate → binarize → evaluate path of method.md §10, used by the evaluation activities, by
 * {@code tonno evaluate} and by {@code tonno compare}: choose the threshold that maximises mean Dice on the
 * calibration split with {@link ThresholdCalibrator} (or take a given one), then binarize and score the test
 * split with that threshold, the same normalisation and foreground restriction, through an
 * {@link Evaluator.Accumulator}. The returned {@link MethodResult} carries the {@link CalibrationResult}, so the
 * threshold is stored with the scores.
 *
 * <p>Cases are {@link EvaluationCase}s on both splits: volumes of one shape {@code (nx, ny, nz)} in voxels, the
 * heatmap in its own units, the threshold in normalised heatmap units. A calibration case is scored against its
 * mask, or, when it has none, against its boxes rasterised on the heatmap's grid ({@link Masks#fill}), so
 * box-only datasets calibrate too.
 *
 * <p>Both steps stream: calibration cases are loaded on demand (twice each), test cases are added one at a
 * time, so neither split has to fit in memory.
 *
 * <p>Undefined metrics stay undefined: a pooled metric with no volume to average (mean Dice when every volume's
 * Dice is excluded or unannotated, as on box-only data) is NaN, never 0.
 */
public final class CalibratedEvaluation {
    /**
     * @param normalization heatmap scaling before thresholding (raw, per-volume max, percentile)
     * @param restriction   whether only foreground voxels may be positive
     * @param connectivity  lesion components of prediction and truth
     * @param diceBothEmpty Dice of a volume whose mask and prediction are both empty (calibration and scoring)
     */
    public record Options(
            Normalization normalization,
            ForegroundRestriction restriction,
            Connectivity connectivity,
            Dice.BothEmpty diceBothEmpty) {
        public Options {
            Objects.requireNonNull(normalization, "normalization");
            Objects.requireNonNull(restriction, "restriction");
            Objects.requireNonNull(connectivity, "connectivity");
            Objects.requireNonNull(diceBothEmpty, "diceBothEmpty");
        }
    }

    private final Options options;

    public CalibratedEvaluation(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public Options options() {
        return options;
    }

    /**
     * Chooses the threshold on {@code caseCount} calibration cases loaded on demand. Each needs a mask (an
     * all-zero mask is a negative volume) or a list of boxes (an empty list is a negative volume).
     *
     * @param source names the calibration split in errors (a directory, a dataset, an experiment)
     * @throws InvalidInputException naming {@code source} when a case has neither mask nor boxes, a box reaches
     *                               outside its volume, there are no cases, or no voxel is considered at all
     */
    public CalibrationResult calibrate(String source, int caseCount, CaseLoader<EvaluationCase> loader)
            throws IOException, InvalidInputException {
        ThresholdCalibrator calibrator = new ThresholdCalibrator(new ThresholdCalibrator.Options(
                ThresholdCalibrator.Options.DEFAULT.candidateCount(),
                ThresholdCalibrator.Options.DEFAULT.maxPooledSamples(),
                options.diceBothEmpty()));
        try {
            return calibrator.calibrate(
                    caseCount,
                    i -> calibrationCase(source, loader.load(i)),
                    options.normalization(),
                    options.restriction());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source, "calibration", e.getMessage(), e);
        }
    }

    /** The case as calibration sees it: its mask, else its boxes rasterised on the heatmap's grid. */
    private static CalibrationCase calibrationCase(String source, EvaluationCase c) throws InvalidInputException {
        Volume truth = c.truth();
        if (truth == null) {
            if (c.boxes() == null) {
                throw new InvalidInputException(
                        source, "cases[" + c.id() + "].mask", "a calibration case needs a ground-truth mask or boxes");
            }
            truth = Masks.fill(c.boxes(), c.heatmap());
        }
        return new CalibrationCase(c.id(), c.heatmap(), truth, c.foreground());
    }

    /** The evaluation settings that binarize at {@code threshold} (normalised units) with these options. */
    public EvaluationSettings settings(double threshold) {
        BinarizationSettings binarization =
                new BinarizationSettings(options.normalization(), threshold, options.restriction());
        return new EvaluationSettings(
                binarization,
                options.connectivity(),
                options.diceBothEmpty(),
                DetectionCounts.ZeroDivision.ZERO,
                HausdorffDistance.Options.HD95);
    }

    /** Starts scoring test cases of {@code method} ({@code layer} may be null) with the calibrated threshold. */
    public Evaluator.Accumulator start(String method, String layer, CalibrationResult calibration) {
        Objects.requireNonNull(calibration, "calibration");
        return start(method, layer, calibration.settings().threshold(), calibration);
    }

    /**
     * Starts scoring test cases of {@code method} ({@code layer} may be null) at a given {@code threshold}
     * (normalised units); {@code calibration}, when not null, is the calibration it came from and is stored with
     * the results.
     */
    public Evaluator.Accumulator start(String method, String layer, double threshold, CalibrationResult calibration) {
        return new Evaluator(settings(threshold)).start(method, layer, calibration);
    }
}
