package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One method's scores on the test split (method.md §10), one row of the results table.
 *
 * @param methodKey        the method
 * @param threshold        its calibrated threshold
 * @param precision        lesion-wise precision, counts pooled over the split
 * @param recall           lesion-wise recall, pooled
 * @param f1               2PR/(P+R)
 * @param dice             mean per-volume Dice
 * @param balancedAccuracy per-volume detection balanced accuracy
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
        int cases,
        String evaluationKey) {
}
