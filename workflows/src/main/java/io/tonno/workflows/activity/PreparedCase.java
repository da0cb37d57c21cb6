package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A preprocessed case in the artifact store.
 *
 * @param caseId        the case
 * @param imageKey      the preprocessed volume (NIfTI)
 * @param foregroundKey its body mask (NIfTI)
 * @param maskKey       its ground-truth mask (NIfTI), or null when the case has none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PreparedCase(String caseId, String imageKey, String foregroundKey, String maskKey) {}
