package io.tonno.evaluation.calibration;

/**
 * The outcome of {@link ThresholdCalibrator}: the chosen setting and the curve it was chosen from.
 *
 * @param settings   normalisation, restriction and the threshold of maximal mean Dice
 * @param meanDice   mean Dice over the calibration cases at that threshold
 * @param cases      number of calibration cases
 * @param candidates candidate thresholds, increasing, in normalised units
 * @param meanDices  mean Dice at each candidate
 */
public record CalibrationResult(
        BinarizationSettings settings, double meanDice, int cases, double[] candidates, double[] meanDices) {}
