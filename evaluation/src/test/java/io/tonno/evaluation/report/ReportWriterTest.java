package io.tonno.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tonno.evaluation.MethodResult;
import io.tonno.imaging.InvalidInputException;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir
    Path tmp;

    /** Results of six methods on synthetic data; sharper, less noisy heatmaps should score higher. */
    static List<MethodResult> results(List<SyntheticResults.Case> calib, List<SyntheticResults.Case> test) {
        List<MethodResult> out = new ArrayList<>();
        out.add(SyntheticResults.run("ToNNO", null, 2.5, 0.03, calib, test));
        for (int layer = 1; layer <= 3; layer++) {
            out.add(SyntheticResults.run("LayerCAM", "layer" + layer, 2.0 + layer, 0.06, calib, test));
            out.add(SyntheticResults.run("Averaged LayerCAM", "layer" + layer, 2.0 + 1.5 * layer, 0.02, calib, test));
            out.add(SyntheticResults.run(
                    "Tomographic LayerCAM", "layer" + layer, 2.5 + 0.3 * layer, 0.025, calib, test));
        }
        return out;
    }

    static Path writeSample(Path dir) throws Exception {
        List<SyntheticResults.Case> calib = SyntheticResults.cases(11, 6);
        List<SyntheticResults.Case> test = SyntheticResults.cases(12, 6);
        List<MethodResult> results = results(calib, test);
        List<CaseFigureInput> figs = new ArrayList<>();
        for (SyntheticResults.Case c : test.subList(0, 3)) {
            List<CaseFigureInput.MethodMap> maps = new ArrayList<>();
            for (MethodResult r : List.of(results.get(0), results.get(4), results.get(8))) {
                maps.add(new CaseFigureInput.MethodMap(
                        r.method() + (r.layer() == null ? "" : " " + r.layer()),
                        SyntheticResults.heatmap(c, r.method().equals("ToNNO") ? 2.5 : 3.0, 0.03, 5),
                        c.foreground(),
                        r.settings().binarization()));
            }
            figs.add(new CaseFigureInput(c.id(), c.image(), c.truth(), maps));
        }
        Path log = dir.resolve("metrics.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int step = 10; step <= 2000; step += 10) {
            double lr = 1e-3 * 0.5 * (1 + Math.cos(Math.PI * step / 2000.0));
            sb.append(String.format(
                    java.util.Locale.ROOT,
                    "{\"step\":%d,\"loss\":%.4f,\"lr\":%.6g}%n",
                    step,
                    0.69 * Math.exp(-step / 600.0) + 0.08 + 0.04 * Math.sin(step * 0.37),
                    lr));
            if (step % 200 == 0) {
                double p = 1 - Math.exp(-step / 500.0);
                sb.append(String.format(
                        java.util.Locale.ROOT,
                        "{\"step\":%d,\"valSliceAuc\":%.3f,\"valVolumeAuc\":%.3f,\"valBalancedAccuracy\":%.3f}%n",
                        step,
                        0.5 + 0.35 * p,
                        0.5 + 0.45 * p,
                        0.5 + 0.4 * p));
            }
        }
        Files.createDirectories(dir);
        Files.writeString(log, sb.toString());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("Dataset", "synthetic ellipsoid lesions, 32³, 1.5×1.5×2.0 mm");
        settings.put("Calibration / test volumes", calib.size() + " / " + test.size());
        return ReportWriter.write(
                dir.resolve("report"),
                results,
                new ReportInputs("tonno report — synthetic sample", figs, log, settings));
    }

    @Test
    void writesTablesFiguresAndAnOfflinePage() throws Exception {
        Path index = writeSample(tmp);
        Path dir = index.getParent();
        for (String f : List.of(
                "results.json",
                "results.csv",
                "results.md",
                "figures/cases.png",
                "figures/training.png",
                "figures/dice_per_layer.png")) {
            assertTrue(Files.size(dir.resolve(f)) > 100, f);
        }
        String html = Files.readString(index, StandardCharsets.UTF_8);
        assertTrue(html.contains("src=\"figures/cases.png\""));
        assertTrue(html.contains("Tomographic LayerCAM"));
        // The learning verdict next to the training curves.
        assertTrue(
                html.contains("<p class=\"verdict good\">validation volume AUC 0.94, slice AUC 0.84 at step 2000: "
                        + "the classifier learned"),
                html);
        assertTrue(html.indexOf("class=\"verdict good\"") < html.indexOf("src=\"figures/training.png\""));
        assertEquals(
                380 + 40,
                ImageIO.read(dir.resolve("figures/training.png").toFile()).getHeight());
        // Offline: no external URLs, scripts or stylesheets.
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"));

        BufferedImage cases = ImageIO.read(dir.resolve("figures/cases.png").toFile());
        assertEquals(3, (cases.getHeight() - 50 - 40) / (180 + 8));

        JsonNode json =
                ResultsJson.mapper().readTree(dir.resolve("results.json").toFile());
        assertEquals(10, json.get("table").size());
        assertEquals(10, json.get("results").size());
        JsonNode first = json.get("results").get(0);
        assertEquals("ToNNO", first.get("method").asText());
        assertEquals(
                "RAW",
                first.get("settings")
                        .get("binarization")
                        .get("normalization")
                        .get("kind")
                        .asText());
        assertTrue(first.get("settings").get("binarization").get("threshold").isNumber());
        assertEquals(6, first.get("cases").size());

        String csv = Files.readString(dir.resolve("results.csv"));
        assertEquals(11, csv.lines().count());
        assertTrue(csv.lines().skip(1).allMatch(l -> l.split(",").length == 18), csv);
    }

    @Test
    void resultsSurviveAJsonRoundTripIncludingNonFiniteValues() throws Exception {
        List<MethodResult> rs = results(SyntheticResults.cases(21, 3), SyntheticResults.cases(22, 3))
                .subList(0, 2);
        List<MethodResult> back = ResultsJson.read(ResultsJson.toJson(rs));
        assertEquals(ResultsJson.toJson(rs), ResultsJson.toJson(back));
        assertEquals(rs.get(0).pooled(), back.get(0).pooled());
        assertEquals(rs.get(0).settings(), back.get(0).settings());
        assertEquals(rs.get(0).cases(), back.get(0).cases());
        assertEquals(Double.NaN, back.get(0).cases().get(2).hd95(), "negative case without prediction: both empty");
    }

    @Test
    void resultsWrittenBeforeTheVolumeAucReadItAsUndefinedNotZero() throws Exception {
        List<MethodResult> rs = results(SyntheticResults.cases(21, 3), SyntheticResults.cases(22, 3))
                .subList(0, 1);
        assertTrue(Double.isFinite(rs.get(0).pooled().volumeAuc()), "both classes present: defined");
        ObjectNode root = (ObjectNode) ResultsJson.mapper().readTree(ResultsJson.toJson(rs));
        ObjectNode result = (ObjectNode) root.get("results").get(0);
        ((ObjectNode) result.get("pooled")).remove("volumeAuc");
        result.get("cases").forEach(c -> ((ObjectNode) c).remove("peak"));
        MethodResult old = ResultsJson.read(root.toString()).get(0);
        assertEquals(Double.NaN, old.pooled().volumeAuc());
        assertTrue(old.cases().stream().allMatch(c -> Double.isNaN(c.peak())));
        assertEquals(rs.get(0).pooled().f1(), old.pooled().f1());
    }

    @Test
    void rejectsAMalformedTrainingLogNamingFileAndLine() throws Exception {
        Path log = tmp.resolve("bad.jsonl");
        Files.writeString(log, "{\"step\":1,\"loss\":0.5}\n{\"loss\":0.4}\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TrainingLog.read(log));
        assertTrue(e.getMessage().contains("bad.jsonl") && e.getMessage().contains("line 2"), e.getMessage());
        Files.writeString(log, "{\"step\":1,\"loss\":0.5}\nnot json\n");
        assertThrows(InvalidInputException.class, () -> TrainingLog.read(log));
    }

    @Test
    void readsTrainingAndValidationLines() throws Exception {
        Path log = tmp.resolve("m.jsonl");
        Files.writeString(
                log,
                "{\"step\":10,\"loss\":0.61,\"lr\":0.001}\n\n"
                        + "{\"step\":50,\"valSliceAuc\":0.8,\"valVolumeAuc\":0.9,\"valBalancedAccuracy\":0.8}\n"
                        + "{\"step\":20,\"loss\":0.5}\n");
        TrainingLog t = TrainingLog.read(log);
        assertEquals(2, t.trainSteps().length);
        assertEquals(0.5, t.loss()[1]);
        assertEquals(Double.NaN, t.lr()[1]);
        assertEquals(
                List.of("valSliceAuc", "valVolumeAuc", "valBalancedAccuracy"),
                List.copyOf(t.validation().keySet()));
        assertEquals(0.9, t.validation().get("valVolumeAuc")[0][1]);
    }
}
