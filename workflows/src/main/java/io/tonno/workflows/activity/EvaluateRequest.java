package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.tonno.workflows.spec.BinarizationSpec;
import io.tonno.workflows.spec.EvaluationSpec;
import java.util.List;

/**
 * Binarize one method's heatmaps of the test split at its threshold (masks go to
 * {@code ArtifactKeys.binaryMask}) and score them; per-case scores go to {@code outputKey}.
 *
 * @param experimentId the experiment
 * @param calibration  the method and its threshold
 * @param binarization normalisation and foreground restriction
 * @param evaluation   connectivity
 * @param cases        the test cases; heatmaps, masks and body masks at their {@code ArtifactKeys}
 * @param outputKey    where the per-case scores go ({@code ArtifactKeys.methodEvaluation})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluateRequest(
        String experimentId,
        Calibration calibration,
        BinarizationSpec binarization,
        EvaluationSpec evaluation,
        List<CaseRef> cases,
        String outputKey) {}
