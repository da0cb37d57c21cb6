package io.tonno.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tonno.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every experiment spec shipped in {@code config/} passes {@code tonno submit --dry-run}: no user meets a bad one. */
class ShippedSpecsTest {
    @TempDir
    Path dir;

    @Test
    void everyShippedExperimentSpecIsValid() throws Exception {
        Path config = Path.of("..", "config");
        List<Path> specs;
        try (Stream<Path> s = Files.list(config)) {
            specs = s.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().equals("worker.json"))
                    .sorted()
                    .toList();
        }
        assertTrue(
                specs.stream()
                        .map(p -> p.getFileName().toString())
                        .toList()
                        .containsAll(List.of("demo.json", "brain-residual.json")),
                specs.toString());
        for (Path shipped : specs) {
            Path spec = shipped;
            if (shipped.getFileName().toString().equals("demo.json")) {
                // tonno demo sets the dataset to the one it writes; the file holds a note saying so.
                ObjectNode json = (ObjectNode) new ObjectMapper().readTree(shipped.toFile());
                json.put("dataset", "demo/dataset.json");
                spec = dir.resolve("demo.json");
                Files.writeString(spec, json.toString());
            }
            CliRun run = CliRun.of("submit", "--dry-run", spec.toString());
            assertEquals(0, run.code(), spec + ": " + run.err());
            assertTrue(run.out().contains("\"valid\":true"), spec + ": " + run.out());
        }
    }
}
