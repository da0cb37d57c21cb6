/**
 * Evaluation of 3D heatmaps against masks or boxes: the {@link io.tonno.evaluation.Evaluator} entry point.
 * Sub-packages hold the metrics, binarization and threshold calibration, and the results report.
 */
package io.tonno.evaluation;
