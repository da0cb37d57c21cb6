package io.tonno.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tonno.imaging.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path file(String json) throws Exception {
        return Files.writeString(dir.resolve("worker.json"), json);
    }

    @Test
    void flagsBeatEnvironmentBeatFileBeatDefaults() throws Exception {
        Path config = file("""
                {"temporal": {"address": "file:7233", "namespace": "file-ns"},
                 "store": {"endpoint": "http://file:9000", "bucket": "file-bucket", "secretKey": "file-secret"},
                 "queues": {"gpu": "team-gpu"}, "gpuSlots": 4}
                """);
        Map<String, String> env = Map.of("TEMPORAL_ADDRESS", "env:7233", "TONNO_S3_BUCKET", "env-bucket",
                "TONNO_S3_SECRET_KEY", "env-secret");
        Map<String, String> flags = new HashMap<>();
        flags.put("temporal.address", "flag:7233");
        flags.put("store.bucket", null);

        TonnoSettings s = ConfigLoader.load(flags, config, env);
        assertEquals("flag:7233", s.temporalAddress());
        assertEquals("file-ns", s.namespace());
        assertEquals("env-bucket", s.store().bucket());
        assertEquals("env-secret", s.store().secretKey());
        assertEquals("http://file:9000", s.store().endpoint());
        assertEquals("team-gpu", s.queues().gpu());
        assertEquals("tonno-cpu", s.queues().cpu());
        assertEquals(4, s.gpuSlots());
        assertEquals("cpu", s.device());
        assertFalse(s.toString().contains("env-secret"), s.toString());
    }

    @Test
    void defaultsAreTheEmbeddedStack() throws Exception {
        TonnoSettings s = ConfigLoader.load(Map.of(), null, Map.of());
        assertEquals("127.0.0.1:7233", s.temporalAddress());
        assertEquals("http://127.0.0.1:9000", s.store().endpoint());
        assertEquals("tonno", s.queues().workflow());
    }

    @Test
    void unknownFileFieldsAreNamedWithTheFile() throws Exception {
        Path config = file("{\"store\": {\"endpont\": \"http://x\"}}");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ConfigLoader.load(Map.of(), config, Map.of()));
        assertEquals(config.toString(), e.source());
        assertEquals("store.endpont", e.field());
    }

    @Test
    void badSlotCountsAndDevicesAreRejected() {
        InvalidInputException slots = assertThrows(InvalidInputException.class,
                () -> ConfigLoader.load(Map.of(), null, Map.of("TONNO_GPU_SLOTS", "0")));
        assertEquals("gpuSlots", slots.field());
        InvalidInputException device = assertThrows(InvalidInputException.class,
                () -> ConfigLoader.load(Map.of("device", "tpu"), null, Map.of()));
        assertEquals("device", device.field());
    }
}
