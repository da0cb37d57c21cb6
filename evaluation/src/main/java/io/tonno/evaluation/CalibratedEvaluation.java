package io.tonno.evaluation;

import io.tonno.evaluation.calibration.CalibrationResult;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.calibration.Normalization;
import io.tonno.evaluation.calibration.ThresholdCalibrator;
import io.tonno.evaluation.metrics.DetectionCounts;
import io.tonno.evaluation.metrics.Dice;
import io.tonno.evaluation.metrics.HausdorffDistance;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.label.Connectivity;
import java.io.IOException;
import java.util.Objects;

/**
 * The protocol of method.md §10 for one method (and layer): choose the threshold that maximises mean Dice on
 * the calibration split with {@link ThresholdCalibrator}, then score the test split with that threshold and the
 * same normalisation and foreground restriction through an {@link Evaluator.Accumulator}. The returned
 * {@link MethodResult} carries the {@link CalibrationResult}, so the threshold is stored with the scores.
 *
 * <p>Both steps stream: calibration cases are loaded on demand (twice each), test cases are added one at a
 * time, so neither split has to fit in memory.
 */
public final class CalibratedEvaluation {
    /**
     * @param normalization heatmap scaling before thresholding (raw, per-volume max, percentile)
     * @param restriction   whether only foreground voxels may be positive
     * @param connectivity  lesion components of prediction and truth
     * @param diceBothEmpty Dice of a volume whose mask and prediction are both empty (calibration and scoring)
     */
    public record Options(Normalization normalization, ForegroundRestriction restriction, Connectivity connectivity,
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
     * Chooses the threshold on {@code caseCount} calibration cases (each needs a mask; an all-zero mask is a
     * negative volume), loaded on demand.
     *
     * @throws IllegalArgumentException when there are no cases or no considered voxel at all
     */
    public CalibrationResult calibrate(int caseCount, ThresholdCalibrator.CaseLoader loader)
            throws IOException, InvalidInputException {
        ThresholdCalibrator.Options o = new ThresholdCalibrator.Options(
                ThresholdCalibrator.Options.DEFAULT.candidateCount(), ThresholdCalibrator.Options.DEFAULT.maxPooledSamples(),
                options.diceBothEmpty());
        return new ThresholdCalibrator(o).calibrate(caseCount, loader, options.normalization(), options.restriction());
    }

    /** The evaluation settings that binarize with {@code calibration}'s threshold. */
    public EvaluationSettings settings(CalibrationResult calibration) {
        return new EvaluationSettings(calibration.settings(), options.connectivity(), options.diceBothEmpty(),
                DetectionCounts.ZeroDivision.ZERO, HausdorffDistance.Options.HD95);
    }

    /** Starts scoring test cases of {@code method} ({@code layer} may be null) with the calibrated threshold. */
    public Evaluator.Accumulator start(String method, String layer, CalibrationResult calibration) {
        Objects.requireNonNull(calibration, "calibration");
        return new Evaluator(settings(calibration)).start(method, layer, calibration);
    }
}
