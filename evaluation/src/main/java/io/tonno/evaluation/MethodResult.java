package io.tonno.evaluation;

import io.tonno.evaluation.calibration.CalibrationResult;
import java.util.List;

/**
 * All results of one method (and layer) on one split: the settings used, how the threshold was
 * chosen (when calibrated), per-case and pooled scores.
 *
 * @param method      method name as shown in tables, e.g. {@code ToNNO}, {@code LayerCAM}
 * @param layer       layer name ({@code layer1..layer4}) or {@code null} for methods without layers
 * @param settings    the evaluation settings, including the threshold and normalisation
 * @param calibration the calibration that chose the threshold, or {@code null} for a given threshold
 * @param cases       per-case scores in input order
 * @param pooled      dataset-level scores
 */
public record MethodResult(
        String method,
        String layer,
        EvaluationSettings settings,
        CalibrationResult calibration,
        List<CaseMetrics> cases,
        PooledMetrics pooled) {
    public MethodResult {
        cases = List.copyOf(cases);
    }
}
