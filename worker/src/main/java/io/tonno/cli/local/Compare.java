package io.tonno.cli.local;

import io.tonno.activities.reconstruction.MethodSpecs;
import io.tonno.classifier.cam.CamMethod;
import io.tonno.classifier.cam.SliceAxes;
import io.tonno.classifier.heatmap.HeatmapMethod;
import io.tonno.classifier.heatmap.MethodSettings;
import io.tonno.classifier.inference.SliceModel;
import io.tonno.classifier.nn.Engines;
import io.tonno.classifier.nn.Stage;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.OptionChecks;
import io.tonno.cli.ProgressDisplay;
import io.tonno.cli.ProgressVerb;
import io.tonno.evaluation.CalibratedEvaluation;
import io.tonno.evaluation.MethodResult;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.calibration.Normalization;
import io.tonno.evaluation.metrics.Dice;
import io.tonno.evaluation.report.ReportInputs;
import io.tonno.evaluation.report.ReportWriter;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.io.AtomicFiles;
import io.tonno.imaging.label.Connectivity;
import io.tonno.tomography.Inversion;
import io.tonno.workflows.spec.MethodSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tonno compare}: the paper's whole comparison by hand, without Temporal. For every method (ToNNO; GradCAM,
 * LayerCAM, GradCAM++ and ScoreCAM as axial and 3-axis 2D baselines at each layer; Averaged and Tomographic CAM at
 * each layer), the threshold maximising mean Dice is chosen on the dataset's calibration split and the test split is
 * scored with it. Writes {@code OUT/results.{md,csv,json}}, {@code OUT/report/index.html} with its figures and,
 * with {@code --save-heatmaps}, {@code OUT/heatmaps/<method>/<case>.nii.gz}; shows one progress line per row on
 * stderr, then prints the table and the report path.
 */
@Command(
        name = "compare",
        description = {
            "Runs the paper's comparison on a dataset: calibrates each method's threshold on the calibration "
                    + "split, scores the test split, times each method, and writes the results table and an HTML report.",
            "Exit codes: 0 ok, 2 bad input (the message names the file or option)."
        })
public final class Compare implements Callable<Integer>, ProgressVerb {
    @Option(
            names = "--dataset",
            required = true,
            paramLabel = "dataset.json",
            description = "Manifest with calibration and test splits whose cases have masks (e.g. from tonno synth).")
    Path dataset;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(
            names = "--methods",
            defaultValue = "tonno,gradcam,layercam,gradcampp,scorecam,averaged,tomographic",
            split = ",",
            description = "Methods to compare.")
    List<String> methods;

    @Option(names = "--layers", defaultValue = "1,2,3,4", split = ",", description = "CAM layers.")
    List<String> layers;

    @Option(
            names = "--scorecam-layers",
            split = ",",
            description = "ScoreCAM's layers (C forward passes per slice: slow at deep layers). Default: --layers.")
    List<String> scoreCamLayers;

    @Option(
            names = "--axes",
            defaultValue = "axial,all",
            split = ",",
            description = "2D baseline variants: axial, all (mean of the 3 axes).")
    List<String> axes;

    @Option(
            names = "--tonno-inversions",
            split = ",",
            defaultValue = "paper",
            paramLabel = "FILTER[+sigmoid]",
            description = "ToNNO rows, one per inversion: paper, backprojection or fractional:ALPHA, each optionally "
                    + "+sigmoid (docs/tomography.md, Saturation).")
    List<String> tonnoInversions;

    @Option(
            names = "--map-cam",
            defaultValue = "layercam",
            description = "CAM reconstructed by Averaged and Tomographic CAM.")
    String mapCam;

    @Mixin
    SamplingOptions sampling = new SamplingOptions(1000, 100, 64);

    @Mixin
    BatchSizeOption batchSize = new BatchSizeOption(32);

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Mixin
    ScoringOptions scoring = new ScoringOptions();

    @Option(
            names = "--foreground",
            defaultValue = "inside",
            paramLabel = "inside|none",
            description = "Binarize only inside the body mask (inside) or everywhere (none).")
    String foreground;

    @Option(
            names = "--foreground-threshold",
            defaultValue = "0.02",
            description = "Body mask = intensities above this (as the synthetic preset).")
    double foregroundThreshold;

    @Option(
            names = "--calibration-cases",
            defaultValue = "0",
            description = "Use at most N calibration cases (alternating positives and negatives), 0 = all.")
    int calibrationCases;

    @Option(
            names = "--test-cases",
            defaultValue = "0",
            description = "Use at most N test cases (alternating positives and negatives), 0 = all.")
    int testCases;

    @Option(names = "--figure-cases", defaultValue = "2", description = "Positive test cases in the Fig. 6 panel.")
    int figureCases;

    @Option(
            names = "--metrics",
            paramLabel = "metrics.jsonl",
            description = "Training log (tonno train) for the training-curves figure.")
    Path metrics;

    @Option(names = "--save-heatmaps", description = "Keep every heatmap as OUT/heatmaps/<method>/<case>.nii.gz.")
    boolean saveHeatmaps;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        return ExitCodes.orBadInput(
                "tonno compare", err, () -> run(spec.commandLine().getOut(), err));
    }

    private int run(PrintWriter stdout, PrintWriter err) throws IOException, InvalidInputException {
        Set<HeatmapMethod> methodSet = EnumSet.noneOf(HeatmapMethod.class);
        methodSet.addAll(OptionChecks.parseEach("--methods", methods, HeatmapMethod::parse));
        List<Stage> stages = OptionChecks.parseEach("--layers", layers, CamMethod::parseLayer);
        List<Stage> scoreStages = OptionChecks.parseEach(
                "--scorecam-layers", scoreCamLayers == null ? layers : scoreCamLayers, CamMethod::parseLayer);
        List<SliceAxes> axesList = OptionChecks.parseEach("--axes", axes, SliceAxes::parse);
        CamMethod cam = OptionChecks.parse("--map-cam", () -> CamMethod.parse(mapCam));
        Normalization norm = scoring.normalization();
        ForegroundRestriction restriction = switch (foreground.toLowerCase(Locale.ROOT)) {
            case "inside" -> ForegroundRestriction.INSIDE_FOREGROUND;
            case "none" -> ForegroundRestriction.NONE;
            default ->
                throw new InvalidInputException(
                        "command line", "--foreground", "must be inside or none, got '" + foreground + "'");
        };
        Connectivity conn = scoring.connectivity();
        threads.check();
        batchSize.check();
        OptionChecks.check(calibrationCases >= 0, "--calibration-cases", "must be >= 0, got " + calibrationCases);
        OptionChecks.check(testCases >= 0, "--test-cases", "must be >= 0, got " + testCases);
        OptionChecks.check(figureCases >= 0, "--figure-cases", "must be >= 0, got " + figureCases);
        OptionChecks.check(Double.isFinite(foregroundThreshold), "--foreground-threshold", "must be a finite number");
        if (metrics != null && !Files.isRegularFile(metrics)) {
            throw new InvalidInputException(metrics.toString(), "--metrics", "does not exist");
        }
        MethodSettings base = OptionChecks.parse(
                "--directions/--slices/--slice-size/--batch-size",
                () -> MethodSpecs.tonno(
                        sampling.directions,
                        sampling.slices,
                        sampling.sliceSize.size(),
                        threads.count(),
                        batchSize.size()));
        List<Inversion> inversions = OptionChecks.parseEach(
                "--tonno-inversions", tonnoInversions, v -> Inversion.parseVariant(v, "--tonno-inversions"));
        List<ComparisonPlan.Row> rows =
                ComparisonPlan.rows(methodSet, stages, scoreStages, axesList, cam, base, inversions);
        OptionChecks.check(!rows.isEmpty(), "--methods", "no method to compare");

        Dataset d = Dataset.load(dataset);
        List<CaseEntry> calib = pick(d.cases(Split.CALIBRATION), calibrationCases);
        List<CaseEntry> test = pick(d.cases(Split.TEST), testCases);
        if (calib.isEmpty()) {
            throw new InvalidInputException(dataset.toString(), "cases[].split", "the calibration split is empty");
        }
        if (test.isEmpty()) {
            throw new InvalidInputException(dataset.toString(), "cases[].split", "the test split is empty");
        }
        for (CaseEntry c : calib) {
            if (!c.hasMask()) {
                throw new InvalidInputException(
                        dataset.toString(),
                        "cases[" + c.id() + "].mask",
                        "calibration cases need a mask to choose thresholds");
            }
        }
        threads.applyToEngine();
        CalibratedEvaluation evaluation =
                new CalibratedEvaluation(new CalibratedEvaluation.Options(norm, restriction, conn, Dice.BothEmpty.ONE));
        List<MethodResult> results;
        Path index;
        long t0 = System.nanoTime();
        try (SliceModel net = model.loadResNet("tonno compare");
                ComparisonRun.HeatmapStore store = new ComparisonRun.HeatmapStore(
                        out.resolve(saveHeatmaps ? "heatmaps" : ".heatmaps-scratch"), saveHeatmaps)) {
            Files.createDirectories(out);
            err.printf(
                    Locale.ROOT,
                    "tonno compare: %d rows, %d calibration and %d test cases, %d threads%n",
                    rows.size(),
                    calib.size(),
                    test.size(),
                    Engines.threads());
            err.flush();
            ProgressDisplay display = ProgressDisplay.create(System.err);
            ComparisonRun run = new ComparisonRun(
                    net, calib, test, evaluation, foregroundThreshold, store, new ComparisonRun.Listener() {
                        @Override
                        public void heatmap(ComparisonPlan.Row row, int done, int total) {
                            display.update(
                                    row.label(),
                                    (double) done / total,
                                    String.format(Locale.ROOT, "heatmaps %d/%d", done, total));
                        }

                        @Override
                        public void finished(ComparisonPlan.Row row, String summary) {
                            display.update(row.label(), 1, summary);
                            display.endStage();
                        }
                    });
            try {
                results = run.run(rows);
            } finally {
                display.close();
            }
            ReportInputs inputs = new ReportInputs(
                    "tonno compare: " + d.name(),
                    run.figureCases(rows, results, figureCases),
                    metrics,
                    settings(d, calib.size(), test.size(), norm, restriction, conn, (System.nanoTime() - t0) / 1e9));
            index = ReportWriter.write(out.resolve("report"), results, inputs);
        }
        for (String ext : new String[] {"md", "csv", "json"}) {
            AtomicFiles.copy(out.resolve("report").resolve("results." + ext), out.resolve("results." + ext));
        }
        stdout.print(Files.readString(out.resolve("results.md")));
        stdout.println();
        stdout.println("report: " + index.toAbsolutePath());
        stdout.flush();
        return 0;
    }

    /** At most {@code max} cases ({@code 0} = all), alternating positives and negatives, each in manifest order. */
    static List<CaseEntry> pick(List<CaseEntry> cases, int max) {
        if (max == 0 || max >= cases.size()) {
            return cases;
        }
        List<CaseEntry> pos = cases.stream().filter(c -> c.label() == 1).toList();
        List<CaseEntry> neg = cases.stream().filter(c -> c.label() != 1).toList();
        List<CaseEntry> out = new ArrayList<>();
        for (int n = 0; out.size() < max; n++) {
            if (n < pos.size()) {
                out.add(pos.get(n));
            }
            if (n < neg.size() && out.size() < max) {
                out.add(neg.get(n));
            }
        }
        return out;
    }

    private Map<String, String> settings(
            Dataset d,
            int calibN,
            int testN,
            Normalization norm,
            ForegroundRestriction restriction,
            Connectivity conn,
            double seconds) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("dataset", dataset.toAbsolutePath() + " (" + d.name() + ")");
        s.put("calibration / test cases", calibN + " / " + testN);
        s.put("weights", String.valueOf(model.weights));
        s.put(
                "network",
                model.arch + ", norm " + model.norm + ", input normalization " + model.inputNormalization
                        + ", slice size " + sampling.sliceSize.size() + ", device " + model.device);
        s.put(
                "ToNNO / Averaged / Tomographic",
                "L = " + sampling.directions + " directions, M = " + sampling.slices + " slices");
        s.put(
                "Averaged / Tomographic CAM",
                MethodSpec.camName(CamMethod.parse(mapCam).id()));
        s.put("batch size", Integer.toString(batchSize.size()));
        s.put("threads", Integer.toString(Engines.threads()));
        s.put("machine", Machine.describe());
        s.put(
                "binarization",
                "normalization " + norm.label() + ", " + restriction.name()
                        + (restriction == ForegroundRestriction.NONE
                                ? ""
                                : " (body = intensity > " + foregroundThreshold + ")")
                        + ", threshold per method and layer maximising mean Dice on the calibration split");
        s.put("connectivity", conn.name());
        s.put("seconds per volume", "wall time of the heatmap computation per test volume (I/O and scoring excluded)");
        s.put("total run time (s)", String.format(Locale.ROOT, "%.0f", seconds));
        return s;
    }
}
