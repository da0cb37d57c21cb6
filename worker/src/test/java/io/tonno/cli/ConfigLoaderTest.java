package io.tonno.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tonno.activities.plugin.WorkerPaths;
import io.tonno.imaging.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ConfigLoaderTest {
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
        Map<String, String> env = Map.of(
                "TEMPORAL_ADDRESS", "env:7233", "TONNO_S3_BUCKET", "env-bucket", "TONNO_S3_SECRET_KEY", "env-secret");
        Map<String, String> flags = new HashMap<>();
        flags.put("temporal.address", "flag:7233");
        flags.put("store.bucket", null);

        ProcessSettings s = ConfigLoader.load(flags, config, env);
        assertEquals("flag:7233", s.temporalAddress());
        assertEquals("file-ns", s.namespace());
        assertEquals("env-bucket", s.plugin().store().bucket());
        assertEquals("env-secret", s.plugin().store().secretKey());
        assertEquals("http://file:9000", s.plugin().store().endpoint());
        assertEquals("team-gpu", s.plugin().queues().gpu());
        assertEquals("tonno-cpu", s.plugin().queues().cpu());
        assertEquals(4, s.plugin().gpuSlots());
        assertEquals("cpu", s.plugin().device());
        assertFalse(s.toString().contains("env-secret"), s.toString());
    }

    @Test
    void defaultsAreTheEmbeddedStack() throws Exception {
        ProcessSettings s = ConfigLoader.load(Map.of(), null, Map.of());
        assertEquals("127.0.0.1:7233", s.temporalAddress());
        assertEquals("http://127.0.0.1:9000", s.plugin().store().endpoint());
        assertEquals("tonno", s.plugin().queues().workflow());
    }

    @Test
    void unknownFileFieldsAreNamedWithTheFile() throws Exception {
        Path config = file("{\"store\": {\"endpont\": \"http://x\"}}");
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> ConfigLoader.load(Map.of(), config, Map.of()));
        assertEquals(config.toString(), e.source());
        assertEquals("store.endpont", e.field());
    }

    @Test
    void badSlotCountsAndDevicesAreRejected() {
        InvalidInputException slots = assertThrows(
                InvalidInputException.class, () -> ConfigLoader.load(Map.of(), null, Map.of("TONNO_GPU_SLOTS", "0")));
        assertEquals("gpuSlots", slots.field());
        InvalidInputException device = assertThrows(
                InvalidInputException.class, () -> ConfigLoader.load(Map.of("device", "tpu"), null, Map.of()));
        assertEquals("device", device.field());
    }

    /** The worker's local files are settings like any other: properties above the environment above the file. */
    @Test
    void workerPathsComeFromPropertiesThenEnvironmentThenFileThenDefaults() throws Exception {
        assertEquals(
                WorkerPaths.DEFAULT,
                ConfigLoader.load(Map.of(), null, Map.of()).plugin().paths());
        Path config = file("""
                {"workDir": "file-work", "presets": "file-presets", "dcm2niix": "/file/dcm2niix"}
                """);
        Map<String, String> env = Map.of("TONNO_WORK_DIR", "env-work", "TONNO_PRESETS", "env-presets");
        Map<String, String> properties = Map.of("tonno.workDir", "property-work");
        ProcessSettings s = ConfigLoader.load(Map.of(), config, env, properties);
        assertEquals(
                new WorkerPaths(Path.of("property-work"), Path.of("env-presets"), Path.of("/file/dcm2niix")),
                s.plugin().paths());
        // An embedded stack passes no properties: the environment and the file decide.
        assertEquals(
                Path.of("env-work"),
                ConfigLoader.load(Map.of(), config, env).plugin().paths().workDir());
        assertEquals(
                Path.of("flag-work"),
                ConfigLoader.load(Map.of("workDir", "flag-work"), config, env)
                        .plugin()
                        .paths()
                        .workDir());
    }
}
