package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.tonno.workflows.ArtifactKeys;

/**
 * A preprocessed case in the artifact store.
 *
 * @param caseId        the case
 * @param imageKey      the preprocessed volume (NIfTI)
 * @param foregroundKey its body mask (NIfTI)
 * @param maskKey       its ground-truth mask (NIfTI), or null when the case has none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PreparedCase(String caseId, String imageKey, String foregroundKey, String maskKey) {
    /** The keys of {@code c} in {@code experimentId}'s store layout ({@code ArtifactKeys}): its mask when it has one. */
    public static PreparedCase of(String experimentId, CaseRef c) {
        return new PreparedCase(
                c.caseId(),
                ArtifactKeys.image(experimentId, c.caseId()),
                ArtifactKeys.foreground(experimentId, c.caseId()),
                c.hasMask() ? ArtifactKeys.mask(experimentId, c.caseId()) : null);
    }
}
