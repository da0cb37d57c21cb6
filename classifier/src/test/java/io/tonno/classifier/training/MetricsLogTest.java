package io.tonno.classifier.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.io.JsonLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics log a resumed training run keeps: the lines up to its checkpoint, even after a torn append. */
class MetricsLogTest {
    @TempDir
    Path dir;

    @Test
    void resumeKeepsTheLinesUpToTheCheckpointAndDropsATornAppend() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        MetricsLog log = new MetricsLog(file);
        for (int step = 1; step <= 5; step++) {
            log.training(step, 1.0 / step, 1e-3, 100);
        }
        // The worker died while writing step 6's line.
        Files.writeString(file, "{\"step\":6,\"loss\":0.1", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        log.truncateAfter(3);
        log.training(4, 0.3, 1e-3, 100);
        List<JsonLines.Line> lines = JsonLines.read(file);
        assertEquals(
                List.of(1, 2, 3, 4),
                lines.stream().map(l -> l.object().get("step").asInt()).toList());
        assertEquals(0.3, lines.get(3).object().get("loss").asDouble());
        assertTrue(Files.readString(file).endsWith("\n"));
    }

    @Test
    void aDamagedLineBeforeTheEndIsAnErrorNamingIt() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "{\"step\":1}\n{\"step\":2,\n{\"step\":3}\n", StandardCharsets.UTF_8);
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> new MetricsLog(file).truncateAfter(2));
        assertEquals(file.toString(), e.source());
        assertEquals("line 2", e.field());
        assertEquals("{\"step\":1}\n{\"step\":2,\n{\"step\":3}\n", Files.readString(file), "nothing rewritten");
    }
}
