/**
 * Rank statistics of scores against binary labels, shared by the classifier's validation and the evaluation of
 * heatmaps: the area under the ROC curve ({@link io.tonno.imaging.stats.Roc}).
 */
package io.tonno.imaging.stats;
