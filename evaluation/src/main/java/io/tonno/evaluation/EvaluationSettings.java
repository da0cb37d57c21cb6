package io.tonno.evaluation;

import io.tonno.evaluation.calibration.BinarizationSettings;
import io.tonno.evaluation.metrics.DetectionCounts;
import io.tonno.evaluation.metrics.Dice;
import io.tonno.evaluation.metrics.HausdorffDistance;
import io.tonno.imaging.label.Connectivity;
import java.util.Objects;

/**
 * Every choice that affects the scores of one method, stored with its results.
 *
 * @param binarization  normalisation, foreground restriction and threshold
 * @param connectivity  for lesion components of prediction and truth (default 26)
 * @param diceBothEmpty Dice of a volume where mask and prediction are both empty (default 1)
 * @param zeroDivision  precision/recall/F1 with a zero denominator (default 0)
 * @param hausdorff     percentile and empty-mask values of the Hausdorff distance (default HD95)
 */
public record EvaluationSettings(
        BinarizationSettings binarization,
        Connectivity connectivity,
        Dice.BothEmpty diceBothEmpty,
        DetectionCounts.ZeroDivision zeroDivision,
        HausdorffDistance.Options hausdorff) {
    public EvaluationSettings {
        Objects.requireNonNull(binarization, "binarization");
        Objects.requireNonNull(connectivity, "connectivity");
        Objects.requireNonNull(diceBothEmpty, "diceBothEmpty");
        Objects.requireNonNull(zeroDivision, "zeroDivision");
        Objects.requireNonNull(hausdorff, "hausdorff");
    }

    /** The project defaults around the given binarization. */
    public static EvaluationSettings defaults(BinarizationSettings binarization) {
        return new EvaluationSettings(
                binarization,
                Connectivity.TWENTY_SIX,
                Dice.BothEmpty.ONE,
                DetectionCounts.ZeroDivision.ZERO,
                HausdorffDistance.Options.HD95);
    }
}
