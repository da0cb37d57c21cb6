package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer to "can this stage be skipped?".
 *
 * @param hit      true when a manifest exists with the same stage hash and code version
 * @param manifest the stored manifest when {@code hit}, otherwise null
 * @param reason   why not, when not: {@code no manifest}, {@code spec changed}, {@code code changed}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageLookup(boolean hit, StageManifest manifest, String reason) {
    public static StageLookup hit(StageManifest manifest) {
        return new StageLookup(true, manifest, null);
    }

    public static StageLookup miss(String reason) {
        return new StageLookup(false, null, reason);
    }
}
