package io.tonno.workflows.spec;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Normalises the map of JSON fields a spec record did not recognise.
 *
 * <p>Why the records collect unknown fields instead of letting Jackson fail: Temporal's default
 * Jackson converter decodes with {@code FAIL_ON_UNKNOWN_PROPERTIES} on, and a workflow argument that
 * fails to decode fails the workflow <em>task</em>, which Temporal retries forever. The workflow
 * would hang instead of failing with the field's name. Collecting the fields and rejecting them in
 * {@link SpecValidator} gives a non-retryable {@code InvalidInput} failure that names the JSON path,
 * whichever Jackson settings decoded the spec.
 */
final class UnknownFields {
    private UnknownFields() {}

    /** A sorted, unmodifiable copy (sorted so that {@code toString} and hashes are deterministic). */
    static Map<String, Object> normalise(Map<String, Object> fields) {
        if (fields == null || fields.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new TreeMap<>(fields));
    }
}
