package io.tonno.activities.stages;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.support.TonnoJson;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.activity.StageLookup;
import io.tonno.workflows.activity.StageManifest;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;

/**
 * Reads and writes {@code experiments/{id}/stages/{stage}/manifest.json}. A stage matches when its
 * manifest exists, has the same stage hash, and was written by the same code version (a new
 * version of the activities may compute different outputs, so it recomputes).
 */
public final class StageCache {
    private final ArtifactStore store;
    private final String codeVersion;
    private final ObjectMapper json = TonnoJson.newMapper();

    /**
     * @param store       the artifact store
     * @param codeVersion version of the activity code, recorded in every manifest
     */
    public StageCache(ArtifactStore store, String codeVersion) {
        this.store = Objects.requireNonNull(store, "store");
        this.codeVersion = Objects.requireNonNull(codeVersion, "codeVersion");
    }

    /** Whether {@code stage} can be skipped. */
    public StageLookup lookup(String experimentId, String stage, String stageHash) throws IOException {
        String key = ArtifactKeys.stageManifest(experimentId, stage);
        byte[] bytes;
        try {
            bytes = store.get(key);
        } catch (NoSuchFileException e) {
            return StageLookup.miss("no manifest");
        }
        StageManifest manifest = json.readValue(bytes, StageManifest.class);
        if (!stageHash.equals(manifest.stageHash())) {
            return StageLookup.miss("spec changed");
        }
        if (!codeVersion.equals(manifest.codeVersion())) {
            return StageLookup.miss("code changed (" + manifest.codeVersion() + " -> " + codeVersion + ")");
        }
        return StageLookup.hit(manifest);
    }

    /** Publishes the manifest atomically, stamped with this code version when it has none. */
    public void publish(String experimentId, StageManifest manifest) throws IOException {
        StageManifest stamped = manifest.codeVersion() == null ? manifest.withCodeVersion(codeVersion) : manifest;
        store.publish(
                ArtifactKeys.stageManifest(experimentId, stamped.stage()),
                json.writerWithDefaultPrettyPrinter().writeValueAsBytes(stamped));
    }
}
