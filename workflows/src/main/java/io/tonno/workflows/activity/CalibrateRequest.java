package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.tonno.workflows.spec.BinarizationSpec;
import java.util.List;

/**
 * Choose one method's binarization threshold on the calibration split, maximising mean Dice
 * (method.md §10).
 *
 * @param experimentId the experiment
 * @param methodKey    the method
 * @param binarization normalisation and foreground restriction
 * @param cases        the calibration cases; heatmaps at {@code ArtifactKeys.heatmap}, masks at
 *                     {@code ArtifactKeys.mask}, body masks at {@code ArtifactKeys.foreground}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CalibrateRequest(
        String experimentId, String methodKey, BinarizationSpec binarization, List<CaseRef> cases) {}
