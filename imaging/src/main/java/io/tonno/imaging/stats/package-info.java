/**
 * Statistics shared by the classifier's validation, the evaluation of heatmaps and the benchmarks: the area under
 * the ROC curve of scores against binary labels ({@link io.tonno.imaging.stats.Roc}) and Pearson's correlation of
 * two series ({@link io.tonno.imaging.stats.Correlation}).
 */
package io.tonno.imaging.stats;
