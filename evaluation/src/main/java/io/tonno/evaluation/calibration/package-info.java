/**
 * Heatmap binarization (normalisation, optional foreground restriction, threshold) and per-method
 * threshold calibration that maximises mean Dice on calibration volumes (method.md §10).
 */
package io.tonno.evaluation.calibration;
