package io.tonno.workflows.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Evaluation settings (method.md §10).
 *
 * @param connectivity  3D connectivity of connected components, 6 or 26 (default 26)
 * @param unknownFields JSON fields not listed above; any entry is a validation error
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationSpec(
        Integer connectivity, @JsonAnySetter @JsonAnyGetter Map<String, Object> unknownFields) {

    public EvaluationSpec {
        connectivity = connectivity == null ? 26 : connectivity;
        unknownFields = UnknownFields.normalise(unknownFields);
    }

    /** All defaults. */
    public static EvaluationSpec defaults() {
        return new EvaluationSpec(null, null);
    }
}
