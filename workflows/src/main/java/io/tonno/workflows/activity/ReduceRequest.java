package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.tonno.workflows.spec.MethodSpec;

/**
 * Combine the chunks of one reconstruction into the heatmap (ToNNO: second differences and
 * backprojection of the sinogram rows; CAM methods: sum and normalisation of the partial volumes).
 *
 * @param experimentId the experiment
 * @param caseId       the case
 * @param method       the method
 * @param image        the preprocessed case (gives the heatmap's shape and affine)
 * @param chunks       number of chunks; chunk i is at {@code ArtifactKeys.chunk(experimentId,
 *                     method.key(), caseId, i)} (keys are not listed: 2000 of them would not fit
 *                     a small payload)
 * @param heatmapKey   where the heatmap goes ({@code ArtifactKeys.heatmap})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReduceRequest(
        String experimentId, String caseId, MethodSpec method, PreparedCase image, int chunks, String heatmapKey) {}
