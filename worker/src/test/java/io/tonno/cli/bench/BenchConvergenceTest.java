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

    /** The bench on one calibration and one test case, a reference of 40 directions, and {@code options}. */
    private static CliRun bench(String... options) {
        List<String> args = new ArrayList<>(List.of(
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
                "--threads",
                "2"));
        args.addAll(List.of(options));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The bench with a reference of 40 × 8, one scheme at 1/4 of it and {@code --dense-directions N}. */
    private static CliRun bench(int dense) {
        return bench(
                "--reference-slices",
                "8",
                "--budgets",
                "1/4",
                "--reduce",
                "both",
                "--schemes",
                "hemisphere+body",
                "--dense-directions",
                Integer.toString(dense));
    }

    /** The JSON lines of a successful run. */
    private static List<JsonNode> lines(CliRun run) throws Exception {
        assertEquals(0, run.code(), run.err());
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : run.out().split("\n")) {
            if (line.startsWith("{")) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    /** The reference's line, then the scheme's. */
    private static List<JsonNode> lines(int dense) throws Exception {
        CliRun run = bench(dense);
        List<JsonNode> lines = lines(run);
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
    void offsetsKeepTheReferencesPlanesAndInterpolateTheRest() throws Exception {
        CliRun run = bench(
                "--reference-slices",
                "20",
                "--budgets",
                "1,1/2",
                "--reduce",
                "offsets,offsets-adaptive",
                "--refine-tolerance",
                "0,1e9");
        List<JsonNode> lines = lines(run);
        // The reference, offsets at 1 and 1/2, then offsets-adaptive at 1 and 1/2 for each tolerance (no scheme
        // loop).
        assertEquals(7, lines.size(), run.out());
        long reference = lines.get(0).path("scoredSlices").asLong();
        JsonNode all = lines.get(1);
        assertEquals("offsets", all.path("reduce").asText());
        assertEquals("sphere+body", all.path("scheme").asText());
        assertEquals(40, all.path("directions").asInt());
        assertEquals(20, all.path("slices").asInt());
        assertEquals(reference, all.path("scoredSlices").asLong(), "stride 1 keeps every slice the reference scored");
        assertEquals(1.0, all.path("meanCorrelation").asDouble(), 1e-9);
        JsonNode half = lines.get(2);
        double fraction = half.path("scoredSlices").asLong() / (double) reference;
        assertTrue(fraction > 0.45 && fraction < 0.6, half.toString());
        assertTrue(half.path("meanCorrelation").asDouble() < 0.9999, half.toString());
        // Refining at tolerance 0 keeps every slice again: the reference's heatmap.
        JsonNode refined = lines.get(4);
        assertEquals("offsets-adaptive", refined.path("reduce").asText());
        assertEquals(0.0, refined.path("refineTolerance").asDouble(-1));
        assertFalse(half.has("refineTolerance"));
        assertEquals(reference, refined.path("scoredSlices").asLong(), refined.toString());
        assertEquals(1.0, refined.path("meanCorrelation").asDouble(), 1e-9);
        // An enormous tolerance refines nothing: the fixed grid of every 2nd slice again.
        JsonNode unrefined = lines.get(6);
        assertEquals(1e9, unrefined.path("refineTolerance").asDouble());
        assertEquals(
                half.path("scoredSlices").asLong(),
                unrefined.path("scoredSlices").asLong());
        assertEquals(
                half.path("meanCorrelation").asDouble(),
                unrefined.path("meanCorrelation").asDouble(),
                0.0);
    }

    @Test
    void theAdaptiveSchemeScoresWhatTheOffsetsMeasurementKeeps() throws Exception {
        List<JsonNode> lines = lines(bench(
                "--reference-slices",
                "20",
                "--budgets",
                "1/4,1",
                "--reduce",
                "offsets-adaptive,directions",
                "--schemes",
                "sphere+adaptive",
                "--refine-tolerance",
                "0.01"));
        // The reference; offsets-adaptive at 1/4 (a grid of every 4th, refined) and 1 (every slice); the real
        // scheme at 1/4 of the directions and at the reference's L and M.
        assertEquals(5, lines.size(), lines.toString());
        JsonNode measured = lines.get(1);
        JsonNode scheme = lines.get(4);
        assertEquals("offsets-adaptive", measured.path("reduce").asText());
        assertEquals("sphere+adaptive", scheme.path("scheme").asText());
        assertEquals(40, scheme.path("directions").asInt());
        long reference = lines.get(0).path("scoredSlices").asLong();
        assertTrue(scheme.path("scoredSlices").asLong() < reference, scheme.toString());
        // The scheme starts from the same grid with the same rule; only the last bits of a batch's scores differ.
        assertEquals(
                measured.path("scoredSlices").asLong(),
                scheme.path("scoredSlices").asLong(),
                0.01 * reference,
                measured + " / " + scheme);
        assertEquals(
                measured.path("meanCorrelation").asDouble(),
                scheme.path("meanCorrelation").asDouble(),
                1e-3);
        CliRun bad = bench("--schemes", "sphere+cube");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--schemes"), bad.err());
    }

    @Test
    void withoutDenseDirectionsTheLinesHaveNoDenseFieldsAndBadOptionsAreRefused() throws Exception {
        assertFalse(lines(0).get(0).has("meanCorrelationDense"));
        CliRun refused = bench(1);
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("--dense-directions"), refused.err());
        CliRun badReduce = bench("--reduce", "offset");
        assertEquals(2, badReduce.code());
        assertTrue(
                badReduce.err().contains("--reduce") && badReduce.err().contains("offsets-adaptive"), badReduce.err());
        CliRun badTolerance = bench("--reduce", "offsets-adaptive", "--refine-tolerance", "-1");
        assertEquals(2, badTolerance.code());
        assertTrue(badTolerance.err().contains("--refine-tolerance"), badTolerance.err());
    }
}
