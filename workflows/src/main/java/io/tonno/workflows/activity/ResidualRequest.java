package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Turn one preprocessed case ({@code ArtifactKeys.normalised}) into its residual to the template and store it at
 * {@code ArtifactKeys.image}, where training, reconstruction and the report read the case's image.
 *
 * @param experimentId the experiment
 * @param templateKey  the template's key, as returned by {@link DataActivities#buildTemplate}
 * @param kase         the case
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResidualRequest(String experimentId, String templateKey, CaseRef kase) {}
