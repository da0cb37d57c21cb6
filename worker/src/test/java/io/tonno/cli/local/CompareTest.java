package io.tonno.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.cli.CliRun;
import io.tonno.cli.TinyNetwork;
import io.tonno.cli.Tonno;
import io.tonno.evaluation.MethodResult;
import io.tonno.evaluation.calibration.CalibrationCase;
import io.tonno.evaluation.calibration.CalibrationResult;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.calibration.Normalization;
import io.tonno.evaluation.calibration.ThresholdCalibrator;
import io.tonno.evaluation.report.ResultsJson;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.preprocess.ForegroundMask;
import io.tonno.imaging.synth.Difficulty;
import io.tonno.imaging.synth.SynthSettings;
import io.tonno.imaging.synth.SyntheticDataset;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tonno compare} end to end on a tiny synthetic dataset with a tiny random network. */
public class CompareTest {
    @TempDir
    static Path dir;

    private static Path manifest;
    private static Path weights;
    private static Path metrics;

    @BeforeAll
    static void files() throws Exception {
        SyntheticDataset.write(dir.resolve("data"), new SynthSettings(10, 16, 3, 0.5, Difficulty.STANDARD));
        manifest = dir.resolve("data/dataset.json");
        weights = TinyNetwork.write(dir.resolve("model.safetensors"));
        metrics = dir.resolve("metrics.jsonl");
        Files.writeString(
                metrics,
                "{\"step\":10,\"loss\":0.7,\"lr\":0.001}\n{\"step\":20,\"loss\":0.6,\"lr\":0.0005}\n"
                        + "{\"step\":20,\"valVolumeAuc\":0.75}\n");
    }

    private static String[] args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of(
                "compare",
                "--dataset",
                manifest.toString(),
                "--weights",
                weights.toString(),
                "--arch",
                "resnet10t",
                "--norm",
                "gn",
                "--slice-size",
                "16",
                "--layers",
                "2,4",
                "--scorecam-layers",
                "1",
                "--directions",
                "6",
                "--slices",
                "4",
                "--batch-size",
                "64",
                "--threads",
                "2",
                "--out",
                out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static int run(StringWriter stdout, String... args) {
        CommandLine cl = Tonno.commandLine();
        cl.setOut(new PrintWriter(stdout));
        cl.setErr(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void comparesEveryMethodAndLayerWithCalibratedThresholdsAndRepeatsItsNumbers() throws Exception {
        Path out = dir.resolve("run1");
        StringWriter stdout = new StringWriter();
        assertEquals(0, run(stdout, args(out, "--save-heatmaps", "--metrics", metrics.toString())));

        // Every method, axes and layer has a row.
        Set<String> expected = new HashSet<>();
        for (String cam : List.of("GradCAM", "LayerCAM", "GradCAM++", "ScoreCAM")) {
            for (String variant : List.of("", " (3 axes)")) {
                for (String layer : cam.equals("ScoreCAM") ? List.of("layer1") : List.of("layer2", "layer4")) {
                    expected.add(cam + variant + "|" + layer);
                }
            }
        }
        expected.add("ToNNO|");
        for (String layer : List.of("layer2", "layer4")) {
            expected.add("Averaged LayerCAM|" + layer);
            expected.add("Tomographic LayerCAM|" + layer);
        }
        List<MethodResult> results = ResultsJson.read(Files.readString(out.resolve("results.json")));
        Set<String> got = new HashSet<>();
        for (MethodResult r : results) {
            got.add(r.method() + "|" + (r.layer() == null ? "" : r.layer()));
            assertTrue(Double.isFinite(r.pooled().meanSeconds()) && r.pooled().meanSeconds() > 0, r.method());
        }
        assertEquals(expected, got);
        assertEquals(expected.size(), results.size());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(expected.size() + 1, csv.size());
        for (String row : expected) {
            String method = row.substring(0, row.indexOf('|'));
            assertTrue(stdout.toString().contains("| " + method + " |"), "printed table has " + method);
        }
        assertTrue(stdout.toString()
                .contains("report: " + out.resolve("report/index.html").toAbsolutePath()));

        // Thresholds come from the calibration split: recalibrating on the saved calibration heatmaps gives them.
        Dataset d = Dataset.load(manifest);
        List<CaseEntry> calib = d.cases(Split.CALIBRATION);
        List<CaseEntry> test = d.cases(Split.TEST);
        Map<String, String> labels = Map.of(
                "tomographic-layercam-layer4",
                "Tomographic LayerCAM|layer4",
                "layercam-layer2-axial",
                "LayerCAM|layer2",
                "tonno",
                "ToNNO|null");
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String label = e.getKey();
            MethodResult r = results.stream()
                    .filter(x -> (x.method() + "|" + x.layer()).equals(e.getValue()))
                    .findFirst()
                    .orElseThrow();
            List<CalibrationCase> cases = new ArrayList<>();
            for (CaseEntry c : calib) {
                cases.add(new CalibrationCase(
                        c.id(),
                        Nifti.read(out.resolve("heatmaps").resolve(label).resolve(c.id() + ".nii.gz")),
                        Nifti.read(c.mask()),
                        ForegroundMask.compute(Nifti.read(c.image()), 0.02)));
            }
            CalibrationResult expectedCal = new ThresholdCalibrator(ThresholdCalibrator.Options.DEFAULT)
                    .calibrate(cases, Normalization.RAW, ForegroundRestriction.INSIDE_FOREGROUND);
            assertNotNull(r.calibration());
            assertEquals(calib.size(), r.calibration().cases());
            assertEquals(
                    expectedCal.settings().threshold(),
                    r.settings().binarization().threshold(),
                    label);
            assertEquals(expectedCal.meanDice(), r.calibration().meanDice(), 1e-12, label);
            assertEquals(test.size(), r.pooled().cases(), "scored on the test split");
        }

        // Files exist, and the page references only existing files.
        for (String f : List.of(
                "results.md",
                "results.csv",
                "results.json",
                "report/index.html",
                "report/figures/cases.png",
                "report/figures/dice_per_layer.png",
                "report/figures/training.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"")
                .matcher(Files.readString(out.resolve("report/index.html")));
        int refs = 0;
        while (m.find()) {
            assertTrue(Files.isRegularFile(out.resolve("report").resolve(m.group(1))), m.group(1));
            refs++;
        }
        assertTrue(refs >= 3, "the page shows the figures");

        // Every file the verb wrote (tables, report, figures, saved heatmaps) has the permissions of any new file
        // under this umask: readable by group and others when the umask allows it, not owner-only.
        Path probe = Files.write(out.resolve("probe"), new byte[0]);
        Set<PosixFilePermission> umask = Files.getPosixFilePermissions(probe);
        Files.delete(probe);
        try (Stream<Path> written = Files.walk(out)) {
            List<Path> files = written.filter(Files::isRegularFile).toList();
            assertTrue(files.size() > 10, "files written: " + files.size());
            for (Path f : files) {
                assertEquals(
                        umask,
                        Files.getPosixFilePermissions(f),
                        out.relativize(f).toString());
            }
        }
        assertFalse(Files.exists(out.resolve(".heatmaps-scratch")));

        // Same inputs, same numbers (the seconds column aside), checked on a cheaper subset of the rows (the
        // LayerCAM rows, which hold the ΔF1 reference, are in both); without --save-heatmaps the scratch is removed.
        Path again = dir.resolve("run2");
        assertEquals(
                0,
                run(
                        new StringWriter(),
                        args(
                                again,
                                "--methods",
                                "layercam,tonno,tomographic",
                                "--tonno-inversions",
                                "paper,backprojection+sigmoid")));
        List<String> first = withoutSeconds(csv).stream()
                .filter(l -> l.startsWith("method,")
                        || l.startsWith("LayerCAM")
                        || l.startsWith("ToNNO")
                        || l.startsWith("Tomographic"))
                .toList();
        assertEquals(1 + 4 + 1 + 2, first.size());
        // The ToNNO variant is a row of its own next to the paper's ToNNO, which keeps its numbers.
        List<String> rerun = withoutSeconds(Files.readAllLines(again.resolve("results.csv")));
        List<String> variant = rerun.stream()
                .filter(l -> l.startsWith("ToNNO (backprojection sigmoid)"))
                .toList();
        assertEquals(1, variant.size(), String.join("\n", rerun));
        assertEquals(first, rerun.stream().filter(l -> !variant.contains(l)).toList());
        assertFalse(Files.exists(again.resolve(".heatmaps-scratch")));
        assertFalse(Files.exists(again.resolve("heatmaps")));
    }

    /** The CSV without its {@code seconds_per_volume} column (wall time varies between runs). */
    private static List<String> withoutSeconds(List<String> csv) {
        int col = List.of(csv.get(0).split(",")).indexOf("seconds_per_volume");
        List<String> out = new ArrayList<>();
        for (String line : csv) {
            // Method names in this run hold no comma; a plain split is exact.
            List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(col);
            out.add(String.join(",", cells));
        }
        return out;
    }

    @Test
    void refusesBadOptionsNamingThemBeforeWritingAnything() {
        Path out = dir.resolve("bad");
        assertEquals(2, run(new StringWriter(), args(out, "--methods", "tonno,gradcam3")));
        assertEquals(2, run(new StringWriter(), args(out, "--layers", "5")));
        assertEquals(2, run(new StringWriter(), args(out, "--tonno-inversions", "paper,ramp")));
        assertEquals(2, run(new StringWriter(), args(out, "--foreground", "outside")));
        assertEquals(2, run(new StringWriter(), args(out, "--normalization", "median")));
        // Weights that do not fit the architecture are refused when loading, still before anything is written.
        assertEquals(2, run(new StringWriter(), args(out, "--arch", "resnet50")));
        String[] noBatch = args(out);
        noBatch[List.of(noBatch).indexOf("--batch-size") + 1] = "0";
        CliRun zero = CliRun.of(noBatch);
        assertEquals(2, zero.code(), zero.err());
        assertTrue(zero.err().contains("--batch-size") && zero.err().contains("must be >= 1, got 0"), zero.err());
        assertFalse(Files.exists(out));
    }
}
