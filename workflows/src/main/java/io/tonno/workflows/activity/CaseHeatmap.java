package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A case's heatmap with what scoring it needs.
 *
 * @param kase       the case (label, split)
 * @param image      the preprocessed case (foreground and ground-truth mask keys)
 * @param heatmapKey the heatmap
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CaseHeatmap(CaseRef kase, PreparedCase image, String heatmapKey) {
}
