package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Preprocess one case into {@code data/{caseId}/} (image, foreground mask, and mask when present).
 *
 * @param experimentId  the experiment
 * @param dataset       artifact key or path of the dataset manifest
 * @param preprocessing name of the preprocessing preset
 * @param kase          the case
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PreprocessRequest(String experimentId, String dataset, String preprocessing, CaseRef kase) {}
