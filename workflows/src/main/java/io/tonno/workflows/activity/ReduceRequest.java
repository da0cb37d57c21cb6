package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.tonno.workflows.spec.MethodSpec;
import java.util.List;

/**
 * Combine the chunks of one reconstruction into the heatmap (ToNNO: second differences and
 * backprojection of the sinogram rows; CAM methods: sum and normalisation of the partial volumes).
 *
 * @param experimentId the experiment
 * @param caseId       the case
 * @param method       the method
 * @param image        the preprocessed case (gives the heatmap's shape and affine)
 * @param chunkKeys    the chunks' partial results, in chunk order
 * @param heatmapKey   where the heatmap goes ({@code ArtifactKeys.heatmap})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReduceRequest(
        String experimentId,
        String caseId,
        MethodSpec method,
        PreparedCase image,
        List<String> chunkKeys,
        String heatmapKey) {
}
