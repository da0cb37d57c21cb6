package io.tonno.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.cli.CliRun;
import io.tonno.cli.TinyNetwork;
import io.tonno.imaging.synth.Difficulty;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tonno bench convergence} on a tiny synthetic set with a tiny random network: the dense comparison. */
public class BenchConvergenceTest {
    @TempDir
    static Path dir;

    private static Path manifest;
    private static Path weights;

    @BeforeAll
    static void files() throws Exception {
        SyntheticDataset.write(dir.resolve("data"), new SynthSettings(8, 16, 3, 0.5, Difficulty.STANDARD));
        manifest = dir.resolve("data/dataset.json");
        weights = TinyNetwork.write(dir.resolve("model.safetensors"));
    }

    /** The bench on one calibration and one test case, a reference of 40 × 8 and {@code --dense-directions N}. */
    private static CliRun bench(int dense) {
        return CliRun.of(
                "bench",
                "convergence",
                "--dataset",
                manifest.toString(),
                "--weights",
                weights.toString(),
                "--slice-size",
                "16",
                "--cases",
                "1",
                "--reference-directions",
                "40",
                "--reference-slices",
                "8",
                "--budgets",
                "1/4",
                "--reduce",
                "both",
                "--schemes",
                "hemisphere+body",
                "--dense-directions",
                Integer.toString(dense),
                "--threads",
                "2");
    }

    /** The reference's line, then the scheme's. */
    private static List<JsonNode> lines(int dense) throws Exception {
        CliRun run = bench(dense);
        assertEquals(0, run.code(), run.err());
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : run.out().split("\n")) {
            if (line.startsWith("{")) {
                lines.add(json.readTree(line));
            }
        }
        assertEquals(2, lines.size(), run.out());
        assertEquals("reference", lines.get(0).path("scheme").asText());
        return lines;
    }

    @Test
    void aDenseHeatmapOfTheReferencesOwnSamplingAgreesWithItAndADenserOneDoesNot() throws Exception {
        // Dense = the reference's own L: the dense heatmap is the reference, so every line repeats its correlation.
        List<JsonNode> same = lines(40);
        assertEquals(1.0, same.get(0).path("meanCorrelationDense").asDouble(), 1e-9);
        assertEquals(
                same.get(1).path("meanCorrelation").asDouble(),
                same.get(1).path("meanCorrelationDense").asDouble(),
                1e-9);
        assertEquals(40, same.get(0).path("denseDirections").asInt());
        // The reference line counts the reference's calls only (40 directions × (8 + 2) slices at most, 2 cases).
        assertTrue(
                same.get(0).path("scoredSlices").asLong() <= 2L * 40 * 10,
                same.get(0).toString());

        // A denser lattice: the reference is not it, and says by how much.
        List<JsonNode> denser = lines(160);
        double reference = denser.get(0).path("meanCorrelationDense").asDouble();
        assertTrue(reference > 0 && reference < 0.9999, denser.get(0).toString());
        assertEquals(1.0, denser.get(0).path("meanCorrelation").asDouble(), 1e-9);
        assertEquals(
                same.get(1).path("meanCorrelation").asDouble(),
                denser.get(1).path("meanCorrelation").asDouble(),
                1e-12,
                "the comparison with the reference does not depend on the dense heatmap");
        assertTrue(denser.get(1).has("minCorrelationDense"));
    }

    @Test
    void withoutDenseDirectionsTheLinesHaveNoDenseFieldsAndABadCountIsRefused() throws Exception {
        assertFalse(lines(0).get(0).has("meanCorrelationDense"));
        CliRun refused = bench(1);
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("--dense-directions"), refused.err());
    }
}
