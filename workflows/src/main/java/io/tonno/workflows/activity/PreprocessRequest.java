package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Preprocess one case into {@code data/{caseId}/} (image, foreground mask, and mask when present).
 *
 * @param experimentId  the experiment
 * @param dataset       artifact key or path of the dataset manifest
 * @param preprocessing name of the preprocessing preset
 * @param residual      when true the preprocessed image goes to {@code ArtifactKeys.normalised}, the input of the
 *                      template ({@link DataActivities#buildTemplate}) and of the residual
 *                      ({@link DataActivities#residualCase}), which writes {@code ArtifactKeys.image}; when false
 *                      (and in histories written before the field existed) it goes to {@code ArtifactKeys.image}
 * @param kase          the case
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PreprocessRequest(
        String experimentId, String dataset, String preprocessing, Boolean residual, CaseRef kase) {
    public PreprocessRequest {
        residual = residual != null && residual;
    }
}
