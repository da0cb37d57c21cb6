package io.tonno.workflows.reconstruction;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.tonno.workflows.activity.PreparedCase;
import io.tonno.workflows.spec.MethodSpec;
import io.tonno.workflows.spec.ModelSpec;

/**
 * One heatmap to reconstruct.
 *
 * @param experimentId       the experiment
 * @param caseId             the case
 * @param method             the method with its parameters
 * @param model              the network
 * @param checkpointKey      the trained weights
 * @param image              the preprocessed case
 * @param stageHash          hash recorded in (and compared with) the stage manifest
 * @param directionsPerChunk directions per chunk for directional methods
 * @param chunksInFlight     the bound on chunks scheduled at once
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReconstructionRequest(
        String experimentId,
        String caseId,
        MethodSpec method,
        ModelSpec model,
        String checkpointKey,
        PreparedCase image,
        String stageHash,
        int directionsPerChunk,
        int chunksInFlight) {

    /** The stage name of this reconstruction's manifest. */
    public String stage() {
        return "reconstruct/" + method.key() + "/" + caseId;
    }
}
