package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A method's calibrated threshold.
 *
 * @param methodKey the method
 * @param threshold threshold on the normalised heatmap
 * @param dice      mean Dice on the calibration split at that threshold, in {@code [0, 1]}; NaN (JSON
 *                  {@code "NaN"}) when no calibration volume has a defined Dice
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Calibration(String methodKey, double threshold, double dice) {}
