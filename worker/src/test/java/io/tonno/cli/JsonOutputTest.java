package io.tonno.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What the command line prints parses back, whatever the strings hold, and keeps its measured digits. */
public class JsonOutputTest {
    @Test
    void pathsWithQuotesAndBackslashesRoundTripAndNonFiniteNumbersAreNull() throws Exception {
        String path = "/data/run \"7\"\\weights.safetensors";
        String line = JsonOutput.toLine(JsonOutput.object()
                .put("weights", path)
                .put("auc", JsonOutput.rounded(0.54114999, 4))
                .put("undefined", JsonOutput.rounded(Double.NaN, 4))
                .put("small", JsonOutput.rounded(1e-5, 6)));
        assertEquals(
                "{\"weights\":\"/data/run \\\"7\\\"\\\\weights.safetensors\",\"auc\":0.5411,\"undefined\":null,"
                        + "\"small\":0.000010}",
                line);
        JsonNode back = new ObjectMapper().readTree(line);
        assertEquals(path, back.get("weights").asText());
        assertEquals(0.5411, back.get("auc").asDouble());
        assertEquals(true, back.get("undefined").isNull());
    }
}
