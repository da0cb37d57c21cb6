package io.tonno.activities.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.activities.store.S3ProxyFixture;
import io.tonno.workflows.activity.StageLookup;
import io.tonno.workflows.activity.StageManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageCacheTest {
    @TempDir
    static Path dir;

    static S3ProxyFixture s3;
    static MinioArtifactStore store;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyFixture(dir);
        store = MinioArtifactStore.connect(s3.settings("stages"));
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
        s3.close();
    }

    private static StageManifest manifest(String stage, String hash) {
        return new StageManifest(
                stage,
                hash,
                null,
                List.of("in"),
                List.of("out/model.params"),
                Map.of("step", 40.0, "loss", 0.25),
                1000,
                2000);
    }

    @Test
    void findsAPublishedManifestWithTheSameHashAndCodeVersion() throws Exception {
        StageCache cache = new StageCache(store, "1.0");
        assertEquals(StageLookup.miss("no manifest"), cache.lookup("e1", "train", "h1"));
        cache.publish("e1", manifest("train", "h1"));
        StageLookup hit = cache.lookup("e1", "train", "h1");
        assertTrue(hit.hit());
        assertEquals("1.0", hit.manifest().codeVersion());
        assertEquals(0.25, hit.manifest().metric("loss", -1));
        assertEquals(List.of("out/model.params"), hit.manifest().outputs());
        String json = new String(store.get("experiments/e1/stages/train/manifest.json"), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"stageHash\" : \"h1\""), json);
    }

    @Test
    void missesWhenTheSpecOrTheCodeChanged() throws Exception {
        new StageCache(store, "1.0").publish("e2", manifest("reconstruct/tonno/c1", "h1"));
        assertEquals(
                "spec changed",
                new StageCache(store, "1.0")
                        .lookup("e2", "reconstruct/tonno/c1", "h2")
                        .reason());
        StageLookup newCode = new StageCache(store, "1.1").lookup("e2", "reconstruct/tonno/c1", "h1");
        assertFalse(newCode.hit());
        assertEquals("code changed (1.0 -> 1.1)", newCode.reason());
    }
}
