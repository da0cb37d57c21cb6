package io.tonno.evaluation;

import io.tonno.evaluation.metrics.DetectionCounts;

/**
 * Dataset-level scores of one method (method.md §10).
 *
 * @param cases            volumes scored
 * @param detection        lesion counts summed over volumes
 * @param precision        pooled {@code TP predicted components / predicted components}
 * @param recall           pooled {@code detected truth components / truth components}
 * @param f1               {@code 2PR/(P+R)} of the pooled values
 * @param meanDice         mean per-volume Dice over volumes where it is defined
 * @param diceVolumes      volumes in that mean
 * @param meanMaxIoU       mean per-volume MaxIoU over box-annotated volumes
 * @param maxIoUVolumes    volumes in that mean
 * @param balancedAccuracy volume-level balanced accuracy
 * @param volumeAuc        area under the ROC curve of the volumes' heatmap peaks ({@link CaseMetrics#peak}) against
 *                         their labels: how well the heatmap alone ranks positive volumes above negative ones, with no
 *                         threshold; NaN when one class is absent or no volume has a peak
 * @param meanHd95         mean HD95 (mm) over volumes where it is finite
 * @param hd95Volumes      volumes in that mean
 * @param hd95NotFinite    masked volumes whose HD95 was NaN or infinite (an empty mask on either side)
 * @param meanSeconds      mean heatmap wall time per volume, NaN if unknown
 * @param boxOnly          true when some case was scored against boxes and none against a mask: the
 *                         dataset is scored by MaxIoU rather than Dice
 */
public record PooledMetrics(
        int cases,
        DetectionCounts detection,
        double precision,
        double recall,
        double f1,
        double meanDice,
        int diceVolumes,
        double meanMaxIoU,
        int maxIoUVolumes,
        double balancedAccuracy,
        double volumeAuc,
        double meanHd95,
        int hd95Volumes,
        int hd95NotFinite,
        double meanSeconds,
        boolean boxOnly) {}
