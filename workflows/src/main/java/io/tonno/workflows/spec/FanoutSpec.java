package io.tonno.workflows.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * How work is spread over the cluster.
 *
 * @param directionsPerChunk lattice directions per reconstruction activity (default 100)
 * @param chunksInFlight     activities a workflow keeps scheduled at once: reconstruction chunks per
 *                           {@code ReconstructionWorkflow}, preprocessing cases per experiment
 *                           (default 8)
 * @param casesInFlight      reconstruction child workflows an experiment runs at once (default 4);
 *                           at most {@code casesInFlight * chunksInFlight} chunks are scheduled
 * @param unknownFields      JSON fields not listed above; any entry is a validation error
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FanoutSpec(
        Integer directionsPerChunk,
        Integer chunksInFlight,
        Integer casesInFlight,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> unknownFields) {

    public FanoutSpec {
        directionsPerChunk = directionsPerChunk == null ? 100 : directionsPerChunk;
        chunksInFlight = chunksInFlight == null ? 8 : chunksInFlight;
        casesInFlight = casesInFlight == null ? 4 : casesInFlight;
        unknownFields = UnknownFields.normalise(unknownFields);
    }

    /** All defaults. */
    public static FanoutSpec defaults() {
        return new FanoutSpec(null, null, null, null);
    }
}
