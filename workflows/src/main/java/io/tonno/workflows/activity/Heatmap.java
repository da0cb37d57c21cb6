package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A reconstructed heatmap in the store.
 *
 * @param caseId     the case
 * @param methodKey  the method's key ({@code MethodSpec.key()})
 * @param heatmapKey the NIfTI heatmap, same shape and affine as the preprocessed volume
 * @param min        smallest voxel value
 * @param max        largest voxel value
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Heatmap(String caseId, String methodKey, String heatmapKey, double min, double max) {}
