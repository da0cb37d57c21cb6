package io.tonno.workflows.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * How heatmaps become masks (method.md §10): a per-method threshold calibrated on the calibration
 * split, applied to the heatmap after normalisation.
 *
 * @param normalization         {@code raw}, {@code max} (default: divide by the volume's maximum)
 *                              or {@code percentile} (divide by the given percentile)
 * @param percentile            percentile for {@code percentile}, in (0, 100] (default 99.9)
 * @param foregroundRestriction binarize only inside the body mask of the preprocessed volume
 *                              (default true)
 * @param unknownFields         JSON fields not listed above; any entry is a validation error
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BinarizationSpec(
        String normalization,
        Double percentile,
        Boolean foregroundRestriction,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> unknownFields) {

    public BinarizationSpec {
        normalization = normalization == null ? "max" : normalization;
        percentile = percentile == null ? 99.9 : percentile;
        foregroundRestriction = foregroundRestriction == null ? Boolean.TRUE : foregroundRestriction;
        unknownFields = UnknownFields.normalise(unknownFields);
    }

    /** All defaults. */
    public static BinarizationSpec defaults() {
        return new BinarizationSpec(null, null, null, null);
    }
}
