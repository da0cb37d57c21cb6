package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One method's scores on the test split (method.md §10), one row of the results table. Scores are fractions
 * in {@code [0, 1]}, or NaN when undefined (e.g. Dice on box-only data, where no volume has a mask): an undefined
 * score is never replaced by 0. In JSON (payloads, stage manifests) NaN is the string {@code "NaN"}, as in
 * {@code results.json}.
 *
 * @param methodKey        the method
 * @param threshold        its calibrated threshold, in normalised heatmap units
 * @param precision        lesion-wise precision, counts pooled over the split
 * @param recall           lesion-wise recall, pooled
 * @param f1               2PR/(P+R)
 * @param dice             mean per-volume Dice over the volumes where it is defined; NaN when there are none
 * @param balancedAccuracy per-volume detection balanced accuracy
 * @param volumeAuc        ROC AUC of the volumes' heatmap peaks against their labels (no threshold); NaN when
 *                         undefined, and in a stage manifest written before it was scored
 * @param cases            cases scored
 * @param evaluationKey    the per-case scores (JSON)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MethodScore(
        String methodKey,
        double threshold,
        double precision,
        double recall,
        double f1,
        double dice,
        double balancedAccuracy,
        double volumeAuc,
        int cases,
        String evaluationKey) {}
