package io.tonno.evaluation.report;

/**
 * One row of the results table (the paper's Table 2 plus HD95 and timing). Ratios are in [0, 1];
 * {@code hd95} in mm; {@code secondsPerVolume} is the mean heatmap wall time; deltas are this row
 * minus the LayerCAM reference row (NaN without one).
 *
 * @param overlapMetric {@code Dice} for masked datasets, {@code MaxIoU} for box-only ones
 * @param volumeAuc     ROC AUC of the volumes' heatmap peaks against their labels ({@link
 *                      io.tonno.evaluation.PooledMetrics#volumeAuc})
 */
public record TableRow(
        String method,
        String layer,
        double precision,
        double recall,
        double f1,
        String overlapMetric,
        double overlap,
        double balancedAccuracy,
        double volumeAuc,
        double hd95,
        double deltaF1,
        double deltaOverlap,
        boolean reference,
        double secondsPerVolume,
        String normalization,
        double threshold,
        String restriction,
        int cases) {}
