package io.tonno.activities.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * The one Jackson configuration of tonno, used for Temporal payloads (installed by the plugin's
 * data converter) and for JSON in the artifact store (stage manifests, latest.json), so that both
 * decode alike.
 *
 * <p>It starts from Temporal's own default mapper (Java time and Optional support, field access)
 * and makes decoding strict: unknown properties fail ({@code FAIL_ON_UNKNOWN_PROPERTIES}, which is
 * also Jackson's and Temporal's default, pinned here so that no other setting loosens it), trailing
 * tokens fail, and nulls for primitives fail. Records opt out where compatibility requires it:
 * the spec records collect unknown fields so the validator can name them, and payload records
 * ignore unknown fields so that rolling upgrades work.
 */
public final class TonnoJson {
    private TonnoJson() {}

    /** A new mapper with tonno's settings. */
    public static ObjectMapper newMapper() {
        ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        return mapper;
    }
}
