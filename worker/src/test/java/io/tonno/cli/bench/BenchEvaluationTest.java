package io.tonno.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tonno bench evaluation} on a small volume: every line it prints is a JSON object Jackson reads back. */
public class BenchEvaluationTest {
    @Test
    void printsOneParsableJsonObjectPerMeasurement() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int code;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            code = new CommandLine(new BenchEvaluation()).execute("--size", "40", "--seed", "3");
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code);
        ObjectMapper json = new ObjectMapper();
        List<String> steps = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode o = json.readTree(line);
            assertEquals("evaluation", o.get("topic").asText(), line);
            assertEquals(40, o.get("size").asInt(), line);
            assertTrue(o.get("seconds").isNumber() && o.get("seconds").asDouble() >= 0, line);
            assertTrue(o.get("heapUsedMb").asLong() >= 0, line);
            steps.add(o.get("step").asText());
            if (o.get("step").asText().startsWith("components")) {
                assertTrue(o.get("components").asLong() > 0, line);
            }
        }
        assertTrue(steps.size() >= 3, String.valueOf(steps));
        assertTrue(steps.stream().anyMatch(s -> s.startsWith("hd95 (")), String.valueOf(steps));
    }
}
