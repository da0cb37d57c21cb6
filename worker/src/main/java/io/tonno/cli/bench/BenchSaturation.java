package io.tonno.cli.bench;

import io.tonno.activities.reconstruction.MethodSpecs;
import io.tonno.classifier.heatmap.HeatmapChunk;
import io.tonno.classifier.heatmap.HeatmapMethods;
import io.tonno.classifier.heatmap.MethodSettings;
import io.tonno.classifier.nn.ResNet;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.JsonOutput;
import io.tonno.cli.OptionChecks;
import io.tonno.cli.SyntheticSetOptions;
import io.tonno.cli.local.ModelOptions;
import io.tonno.cli.local.SamplingOptions;
import io.tonno.cli.local.ThreadsOption;
import io.tonno.evaluation.CalibratedEvaluation;
import io.tonno.evaluation.EvaluationCase;
import io.tonno.evaluation.Evaluator;
import io.tonno.evaluation.MethodResult;
import io.tonno.evaluation.calibration.CalibrationResult;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.preprocess.ForegroundMask;
import io.tonno.imaging.synth.SyntheticDataset;
import io.tonno.tomography.Inversion;
import io.tonno.tomography.RadonSumScorer;
import io.tonno.tomography.Reconstruction;
import io.tonno.tomography.ReconstructionSettings;
import io.tonno.tomography.SaturatingScorer;
import io.tonno.tomography.Sinogram;
import io.tonno.tomography.SinogramBackprojector;
import io.tonno.tomography.SliceScorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tonno bench saturation}: how ToNNO's reconstruction variants ({@link Inversion}) cope with a classifier
 * that saturates (docs/tomography.md, "Saturation"). Without {@code --weights}: a centred ball and a synthetic
 * lesion dataset whose slices are scored by a model classifier, {@code tanh(k · lesion area / a_ref)}
 * ({@link SaturatingScorer} on the lesion mask; {@code k = 0} is the linear scorer {@code area / a_ref}). With
 * {@code --weights} and {@code --dataset}: the trained network's ToNNO on the dataset. Each case's sinogram is
 * computed once and inverted by every variant. Prints JSON lines: per steepness (or network) and variant, the
 * ball's centre/peak ratio, and the Dice-calibrated threshold (calibration split) with the test split's mean Dice
 * and lesion F1 (raw heatmaps, 26-connected lesions; with a network, predictions only inside the body, intensities
 * above {@value #FOREGROUND_THRESHOLD}, as {@code tonno compare} does by default).
 */
@Command(
        name = "saturation",
        description = "ToNNO inversion variants under saturating scorers: centre/peak, calibrated Dice and F1 (JSON).")
public final class BenchSaturation implements Callable<Integer> {
    /** With a network: predictions only inside the body, intensities above this (as {@code tonno compare}). */
    static final double FOREGROUND_THRESHOLD = 0.02;

    @Option(
            names = "--variants",
            split = ",",
            defaultValue = "paper,fractional:1.5,fractional:1,fractional:0.5,backprojection,backprojection+sigmoid",
            description = "Inversions, each FILTER[+sigmoid].")
    List<String> variants;

    @Option(
            names = "--steepness",
            split = ",",
            defaultValue = "0,1,5,20",
            description = "Model scorers tanh(k·area/a_ref); 0 = linear.")
    List<Double> steepness;

    @Option(
            names = "--dataset",
            description = "dataset.json with masks; default: a generated synthetic lesion set (--cases, --size).")
    Path dataset;

    @Mixin
    SyntheticSetOptions synthetic = new SyntheticSetOptions(36, 48);

    @Option(names = "--seed", defaultValue = "7", description = "Generated set's seed.")
    long seed;

    @Mixin
    SamplingOptions sampling = new SamplingOptions(500, 48, 64);

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--out", description = "Working directory (kept); default: a temporary one.")
    Path out;

    @Override
    public Integer call() throws Exception {
        return ExitCodes.orBadInput("tonno bench saturation", this::run);
    }

    private int run() throws Exception {
        List<Inversion> inversions = new ArrayList<>();
        for (String v : variants) {
            inversions.add(OptionChecks.parse("--variants", () -> Inversion.parseVariant(v, "--variants")));
        }
        threads.check();
        for (double k : steepness) {
            OptionChecks.check(k >= 0 && Double.isFinite(k), "--steepness", "must be >= 0, got " + k);
        }
        ReconstructionSettings settings = OptionChecks.parse(
                "--directions/--slices/--slice-size",
                () -> ReconstructionSettings.of(sampling.directions, sampling.slices, sampling.sliceSize.size())
                        .withResources(threads.count(), 0));
        threads.applyToEngine();
        return BenchOutput.inDirectory(out, "tonno-bench-saturation", root -> {
            if (model.present()) {
                OptionChecks.check(dataset != null, "--dataset", "is required with --weights");
                network(Dataset.load(dataset), inversions, settings);
                return 0;
            }
            ball(inversions, settings);
            Dataset d = dataset != null
                    ? Dataset.load(dataset)
                    : SyntheticDataset.write(root.resolve("data"), synthetic.settings(seed));
            phantoms(d, inversions, settings);
            return 0;
        });
    }

    /** A ball of radius 0.35 (cube units) on a 40³ grid: the heatmap at its centre over the heatmap's maximum. */
    private void ball(List<Inversion> inversions, ReconstructionSettings settings) {
        int n = 40;
        double r = 0.35;
        Volume ball = Volume.zeros(n, n, n);
        BenchTomography.forEachVoxel(n, (i, j, k, r2) -> ball.set(i, j, k, r2 <= r * r ? 1f : 0f));
        Reconstruction rec = new Reconstruction(settings);
        for (double k : steepness) {
            Sinogram sinogram = rec.sinogram(ball, scorer(k, Math.PI * r * r));
            for (Inversion inv : inversions) {
                double[] d = SinogramBackprojector.backproject(sinogram, inv, new int[] {n, n, n}, threads.count())
                        .data();
                double peak = Double.NEGATIVE_INFINITY;
                for (double v : d) {
                    peak = Math.max(peak, v);
                }
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("bench", "saturation");
                o.put("phantom", "ball");
                o.put("steepness", k);
                o.put("variant", inv.variantId());
                o.put("centreOverPeak", JsonOutput.rounded(d[(n / 2 * n + n / 2) * n + n / 2] / peak, 4));
                JsonOutput.line(o);
            }
        }
    }

    /** The model scorer of steepness {@code k}: linear for 0. */
    private static SliceScorer scorer(double k, double referenceArea) {
        if (k > 0) {
            return new SaturatingScorer(k, referenceArea);
        }
        RadonSumScorer area = new RadonSumScorer();
        return (slices, count, h, w, scores) -> {
            area.score(slices, count, h, w, scores);
            for (int b = 0; b < count; b++) {
                scores[b] /= referenceArea;
            }
        };
    }

    /**
     * The lesion dataset scored by the model scorers: {@code a_ref} is the cross-section of a sphere with the median
     * lesion volume of the positive calibration and test cases (in cube units, the volume spanning {@code [-1,1]³}).
     */
    private void phantoms(Dataset d, List<Inversion> inversions, ReconstructionSettings settings) throws Exception {
        List<CaseEntry> calibration = d.cases(Split.CALIBRATION);
        List<CaseEntry> test = d.cases(Split.TEST);
        List<Double> volumes = new ArrayList<>();
        for (CaseEntry c : concat(calibration, test)) {
            Volume m = Nifti.read(c.mask());
            long voxels = 0;
            for (float v : m.data()) {
                voxels += v > 0 ? 1 : 0;
            }
            if (voxels > 0) {
                int[] s = m.shape();
                double voxel = 8.0 / ((double) (s[0] - 1) * (s[1] - 1) * (s[2] - 1));
                volumes.add(voxels * voxel);
            }
        }
        volumes.sort(Double::compare);
        double median = volumes.isEmpty() ? 0.01 : volumes.get(volumes.size() / 2);
        double radius = Math.cbrt(3 * median / (4 * Math.PI));
        Reconstruction rec = new Reconstruction(settings);
        for (double k : steepness) {
            SliceScorer scorer = scorer(k, Math.PI * radius * radius);
            evaluate(
                    "steepness " + k,
                    Map.of("steepness", k),
                    inversions,
                    calibration,
                    test,
                    c -> rec.sinogram(Nifti.read(c.mask()), scorer),
                    null);
        }
    }

    /** The trained network's ToNNO on the dataset, through {@link HeatmapMethods}. */
    private void network(Dataset d, List<Inversion> inversions, ReconstructionSettings settings) throws Exception {
        try (ResNet net = model.load("tonno bench saturation")) {
            MethodSettings tonno = MethodSpecs.tonno(
                    settings.directions(),
                    settings.slices(),
                    settings.sliceSize(),
                    threads.count(),
                    MethodSettings.DEFAULT_BATCH);
            evaluate(
                    "network",
                    Map.of("scorer", "network"),
                    inversions,
                    d.cases(Split.CALIBRATION),
                    d.cases(Split.TEST),
                    c -> {
                        HeatmapChunk r = HeatmapMethods.computeChunk(
                                net, Nifti.read(c.image()), tonno, 0, settings.directions(), n -> {});
                        return ((HeatmapChunk.Scores) r).sinogram();
                    },
                    c -> ForegroundMask.compute(Nifti.read(c.image()), FOREGROUND_THRESHOLD));
        }
    }

    interface SinogramSource {
        Sinogram of(CaseEntry c) throws Exception;
    }

    /** The voxels a case's prediction may cover, or {@code null} for all. */
    interface ForegroundSource {
        Volume of(CaseEntry c) throws Exception;
    }

    /**
     * Computes each case's sinogram once, inverts it with every variant, calibrates each variant's threshold on
     * {@code calibration} (mean Dice) and scores {@code test}; one JSON line per variant.
     */
    private void evaluate(
            String what,
            Map<String, Object> key,
            List<Inversion> inversions,
            List<CaseEntry> calibration,
            List<CaseEntry> test,
            SinogramSource source,
            ForegroundSource foreground)
            throws Exception {
        CalibratedEvaluation evaluation = BenchInputs.evaluation(
                foreground == null ? ForegroundRestriction.NONE : ForegroundRestriction.INSIDE_FOREGROUND);
        List<Sinogram> calSinograms = new ArrayList<>();
        List<Volume> calMasks = new ArrayList<>();
        List<Volume> calForegrounds = new ArrayList<>();
        for (CaseEntry c : calibration) {
            calSinograms.add(source.of(c));
            calMasks.add(Nifti.read(c.mask()));
            calForegrounds.add(foreground == null ? null : foreground.of(c));
        }
        List<Sinogram> testSinograms = new ArrayList<>();
        List<Volume> testForegrounds = new ArrayList<>();
        for (CaseEntry c : test) {
            testSinograms.add(source.of(c));
            testForegrounds.add(foreground == null ? null : foreground.of(c));
        }
        for (Inversion inv : inversions) {
            CalibrationResult cal = evaluation.calibrate(what + ", " + inv.variantId(), calibration.size(), i -> {
                Volume mask = calMasks.get(i);
                return EvaluationCase.withMask(
                        calibration.get(i).id(),
                        heatmap(calSinograms.get(i), inv, mask),
                        mask,
                        calForegrounds.get(i),
                        calibration.get(i).label());
            });
            Evaluator.Accumulator acc = evaluation.start(inv.variantId(), null, cal);
            for (int i = 0; i < test.size(); i++) {
                Volume mask = Nifti.read(test.get(i).mask());
                acc.add(EvaluationCase.withMask(
                        test.get(i).id(),
                        heatmap(testSinograms.get(i), inv, mask),
                        mask,
                        testForegrounds.get(i),
                        test.get(i).label()));
            }
            MethodResult r = acc.finish();
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("bench", "saturation");
            o.putAll(key);
            o.put("variant", inv.variantId());
            o.put("threshold", JsonOutput.rounded(cal.settings().threshold(), 5));
            o.put("calibrationDice", JsonOutput.rounded(cal.meanDice(), 4));
            o.put("testDice", JsonOutput.rounded(r.pooled().meanDice(), 4));
            o.put("testF1", JsonOutput.rounded(r.pooled().f1(), 4));
            o.put("calibrationCases", calibration.size());
            o.put("testCases", test.size());
            JsonOutput.line(o);
        }
    }

    private Volume heatmap(Sinogram sinogram, Inversion inv, Volume like) {
        return SinogramBackprojector.backproject(sinogram, inv, like.shape(), threads.count())
                .toVolume(like);
    }

    private static List<CaseEntry> concat(List<CaseEntry> a, List<CaseEntry> b) {
        List<CaseEntry> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
