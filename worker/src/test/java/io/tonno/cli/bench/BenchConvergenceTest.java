package io.tonno.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.weights.Weights;
import io.tonno.cli.Tonno;
import io.tonno.imaging.synth.Difficulty;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        ResNetLayout layout = new ResNetLayout(Architecture.RESNET10T, NormKind.GN, 1);
        weights = dir.resolve("model.safetensors");
        try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), ResNetInit.random(layout, 5))) {
            Weights.save(weights, net, Map.of());
        }
    }

    /** The JSON lines the bench prints with {@code --dense-directions dense}, by scheme. */
    private static List<JsonNode> run(int dense) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Tonno.commandLine()
                    .execute(
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
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, code);
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                lines.add(json.readTree(line));
            }
        }
        assertEquals(2, lines.size(), captured.toString(StandardCharsets.UTF_8));
        assertEquals("reference", lines.get(0).path("scheme").asText());
        return lines;
    }

    @Test
    void aDenseHeatmapOfTheReferencesOwnSamplingAgreesWithItAndADenserOneDoesNot() throws Exception {
        // Dense = the reference's own L: the dense heatmap is the reference, so every line repeats its correlation.
        List<JsonNode> same = run(40);
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
        List<JsonNode> denser = run(160);
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
        List<JsonNode> off = run(0);
        assertFalse(off.get(0).has("meanCorrelationDense"));
        StringWriter err = new StringWriter();
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            var cl = Tonno.commandLine();
            cl.setErr(new PrintWriter(err));
            code = cl.execute(
                    "bench",
                    "convergence",
                    "--dataset",
                    manifest.toString(),
                    "--weights",
                    weights.toString(),
                    "--dense-directions",
                    "1");
        } finally {
            System.setErr(stderr);
        }
        assertEquals(2, code);
        assertTrue(
                captured.toString(StandardCharsets.UTF_8).contains("--dense-directions"),
                captured.toString(StandardCharsets.UTF_8));
    }
}
