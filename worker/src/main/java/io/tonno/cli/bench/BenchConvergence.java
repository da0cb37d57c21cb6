package io.tonno.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tonno.activities.reconstruction.MethodSpecs;
import io.tonno.classifier.heatmap.HeatmapChunk;
import io.tonno.classifier.heatmap.HeatmapMethod;
import io.tonno.classifier.heatmap.HeatmapMethods;
import io.tonno.classifier.heatmap.MethodSettings;
import io.tonno.classifier.inference.SliceModel;
import io.tonno.classifier.nn.ResNet;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.JsonOutput;
import io.tonno.cli.OptionChecks;
import io.tonno.cli.local.ModelOptions;
import io.tonno.cli.local.SliceSizeOption;
import io.tonno.cli.local.ThreadsOption;
import io.tonno.evaluation.CalibratedEvaluation;
import io.tonno.evaluation.EvaluationCase;
import io.tonno.evaluation.Evaluator;
import io.tonno.evaluation.MethodResult;
import io.tonno.evaluation.calibration.CalibrationResult;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.report.ConvergenceFigure;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.io.JsonLines;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.preprocess.ForegroundMask;
import io.tonno.imaging.stats.Correlation;
import io.tonno.tomography.DirectionLattice;
import io.tonno.tomography.OffsetInterpolation;
import io.tonno.tomography.Sinogram;
import io.tonno.tomography.SliceScorer;
import io.tonno.workflows.spec.MethodSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tonno bench convergence}: how few network calls give the ToNNO heatmap of the paper's sampling
 * (docs/tomography.md, "Fewer network calls"). The reference is the whole-sphere lattice at {@code L}, {@code M}
 * (default the paper's 2000, 100), computed with body offsets (the same heatmap as scoring every plane, fewer calls).
 * Each scheme (a {@link DirectionLattice} id such as {@code sphere} or {@code hemisphere}, either {@code +body} or
 * {@code +adaptive}: adaptive offsets at each {@code --refine-tolerance}) is run at each budget {@code b} (a fraction
 * of the reference's {@code L·(M+2)} slices), cutting {@code L} by {@code b} ({@code --reduce directions}),
 * {@code M+2} by {@code b} ({@code slices}) or each by {@code √b} ({@code both}).
 * {@code --reduce offsets} keeps the reference's own planes and scores, every {@code round(1/b)}-th in-body slice of
 * each direction, and interpolates the others along the offset ({@link OffsetInterpolation}); {@code
 * offsets-adaptive} refines that grid where the scores curve ({@code --refine-tolerance}): a measurement of how
 * predictable the reference's scores are from their neighbours, run once per budget whatever {@code --schemes}.
 * Prints one JSON line per scheme and budget: the slices really scored (body offsets
 * score fewer), the correlation and relative L2 error of each case's heatmap against its reference (mean and worst
 * over the cases), and the calibrated Dice and lesion F1 (threshold calibrated on the calibration cases by mean
 * Dice, test cases scored; raw heatmaps, 26-connected lesions, predictions inside the body, as {@code tonno compare}
 * by default). The reference gets the same line with {@code "scheme": "reference"}.
 *
 * <p>With {@code --dense-directions N} each case also gets a denser whole-sphere heatmap ({@code N} directions, the
 * reference's {@code M}), and every line adds the correlation with it ({@code meanCorrelationDense},
 * {@code minCorrelationDense}); the reference's own line then says how far the paper's sampling is from a denser
 * one. A reference that is not converged bounds what any cheaper scheme can reach against it: two heatmaps whose
 * sampling errors are independent correlate at most as well as each does with the converged heatmap.
 */
@Command(
        name = "convergence",
        description = "ToNNO heatmaps with fewer network calls against the paper's sampling (JSON lines).")
public final class BenchConvergence implements Callable<Integer> {
    @Option(
            names = "--dataset",
            description = "dataset.json with masks (calibration and test); required unless --replot.")
    Path dataset;

    @Option(
            names = "--cases",
            defaultValue = "3",
            description = "Cases taken from each of the calibration and test splits.")
    int cases;

    @Option(
            names = "--reference-directions",
            defaultValue = "2000",
            description = "Reference L (whole sphere). The default is the paper's.")
    int referenceDirections;

    @Option(
            names = "--reference-slices",
            defaultValue = "100",
            description = "Reference M. The default is the paper's.")
    int referenceSlices;

    @Option(
            names = "--dense-directions",
            defaultValue = "0",
            description = "Also compare every heatmap with a whole-sphere one of this many directions (the reference's"
                    + " M), e.g. 2 × the reference's L; 0 = off.")
    int denseDirections;

    @Option(
            names = "--budgets",
            split = ",",
            defaultValue = "1/2,1/4,1/8,1/16,1/32",
            description = "Fractions of the reference's slices.")
    List<String> budgets;

    @Option(
            names = "--schemes",
            split = ",",
            defaultValue = "sphere+body,hemisphere+body",
            description = "LATTICE, LATTICE+body or LATTICE+adaptive (adaptive offsets at --refine-tolerance), LATTICE"
                    + " a --sampling of reconstruct.")
    List<String> schemes;

    @Option(
            names = "--reduce",
            split = ",",
            defaultValue = "directions,both",
            description = "How a budget b cuts the reference: directions (L·b, M kept), slices (M·b, L kept) or both"
                    + " (each by √b); offsets (the reference's planes, 1 in 1/b of each direction's in-body slices"
                    + " kept, the others interpolated along the offset) or offsets-adaptive (that grid refined where"
                    + " the scores curve).")
    List<String> reduce;

    @Option(
            names = "--refine-tolerance",
            split = ",",
            defaultValue = "" + MethodSpec.ADAPTIVE_TOLERANCE,
            description = "offsets-adaptive and the +adaptive schemes: score a gap's middle slice when the cubic and"
                    + " the linear prediction there differ by more than this (logits); several give a line each.")
    List<Double> refineTolerances;

    @Mixin
    SliceSizeOption sliceSize = new SliceSizeOption(32);

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Option(
            names = "--figure",
            description = "Also draw correlation and calibrated Dice against the fraction of network calls, per "
                    + "scheme, to this PNG.")
    Path figure;

    @Option(
            names = "--replot",
            description = "Draw --figure from the JSON lines an earlier run printed (this file) instead of computing.")
    Path replot;

    @Mixin
    ModelOptions model = new ModelOptions();

    private final List<ConvergenceFigure.Point> points = new ArrayList<>();
    private double referenceDice = Double.NaN;
    /** The dense heatmaps of the calibration then the test cases ({@code --dense-directions}), or empty. */
    private final List<float[]> dense = new ArrayList<>();

    /** One case: its image, mask, body, a heatmap (the reference's, or a scheme's) and the reference's sinogram. */
    private record Case(CaseEntry entry, Volume image, Volume mask, Volume body, Volume reference, Sinogram sinogram) {}

    @Override
    public Integer call() throws Exception {
        return ExitCodes.orBadInput("tonno bench convergence", this::run);
    }

    private int run() throws Exception {
        if (replot != null) {
            OptionChecks.check(figure != null, "--replot", "needs --figure");
            replot();
            return 0;
        }
        OptionChecks.check(dataset != null, "--dataset", "is required (unless --replot)");
        OptionChecks.check(cases >= 1, "--cases", "must be >= 1, got " + cases);
        for (double t : refineTolerances) {
            OptionChecks.check(
                    t >= 0 && t < Double.POSITIVE_INFINITY, "--refine-tolerance", "must be >= 0 (logits), got " + t);
        }
        OptionChecks.check(
                denseDirections == 0 || denseDirections >= 2,
                "--dense-directions",
                "must be 0 (off) or >= 2, got " + denseDirections);
        for (String r : reduce) {
            OptionChecks.check(
                    List.of("directions", "slices", "both", "offsets", "offsets-adaptive")
                            .contains(r),
                    "--reduce",
                    "expected directions, slices, both, offsets or offsets-adaptive, got '" + r + "'");
        }
        List<Double> fractions = new ArrayList<>();
        for (String b : budgets) {
            fractions.add(OptionChecks.parse("--budgets", () -> fraction(b)));
        }
        for (String s : schemes) {
            OptionChecks.parse("--schemes", () -> lattice(s));
        }
        threads.applyToEngine();
        Dataset d = Dataset.load(dataset);
        List<CaseEntry> calibration = first(d.cases(Split.CALIBRATION));
        List<CaseEntry> test = first(d.cases(Split.TEST));
        try (SliceModel net = model.loadResNet("tonno bench convergence")) {
            Counting counting = new Counting(net);
            // Body offsets give the same heatmap as scoring every plane (SamplingSchemesTest), for fewer calls.
            MethodSettings reference = settings(referenceDirections, referenceSlices, "sphere+body");
            List<Case> cal = new ArrayList<>();
            List<Case> tst = new ArrayList<>();
            long t0 = System.nanoTime();
            for (List<CaseEntry> split : List.of(calibration, test)) {
                for (CaseEntry c : split) {
                    Volume image = Nifti.read(c.image());
                    HeatmapChunk.Scores scores = (HeatmapChunk.Scores)
                            HeatmapMethods.computeChunk(counting, image, reference, 0, referenceDirections, n -> {});
                    Volume heat =
                            HeatmapMethods.combine(HeatmapMethod.TONNO, List.of(scores), image, reference.threads());
                    Case k = new Case(
                            c,
                            image,
                            Nifti.read(c.mask()),
                            ForegroundMask.compute(image, BenchSaturation.FOREGROUND_THRESHOLD),
                            heat,
                            scores.sinogram());
                    (split == calibration ? cal : tst).add(k);
                }
            }
            long referenceCalls = counting.slices;
            double referenceSeconds = (System.nanoTime() - t0) / 1e9;
            if (denseDirections > 0) {
                MethodSettings denser = settings(denseDirections, referenceSlices, "sphere+body");
                for (List<Case> split : List.of(cal, tst)) {
                    for (Case k : split) {
                        dense.add(HeatmapMethods.compute(counting, k.image(), denser)
                                .data());
                    }
                }
            }
            report("reference", "none", 1.0, reference, cal, tst, cal, tst, referenceCalls, referenceSeconds);
            // The refinement tolerances where they apply; one pass with none (null) elsewhere.
            List<Double> none = Collections.singletonList(null);
            for (String how : reduce) {
                if (how.startsWith("offsets")) {
                    for (Double t : how.equals("offsets") ? none : refineTolerances) {
                        for (double b : fractions) {
                            offsets(b, t, reference, cal, tst);
                        }
                    }
                    continue;
                }
                for (String scheme : schemes) {
                    for (Double t : scheme.endsWith("+adaptive") ? refineTolerances : none) {
                        for (double b : fractions) {
                            double fl = how.equals("slices") ? 1 : how.equals("directions") ? b : Math.sqrt(b);
                            double fm = how.equals("directions") ? 1 : how.equals("slices") ? b : Math.sqrt(b);
                            int l = Math.max(2, (int) Math.round(referenceDirections * fl));
                            int m = Math.max(2, (int) Math.round((referenceSlices + 2) * fm) - 2);
                            MethodSettings s = settings(l, m, scheme).withAdaptiveOffsets(t);
                            counting.slices = 0;
                            long t1 = System.nanoTime();
                            List<Case> calB = heatmaps(counting, cal, s);
                            List<Case> tstB = heatmaps(counting, tst, s);
                            double seconds = (System.nanoTime() - t1) / 1e9;
                            report(scheme, how, b, s, calB, tstB, cal, tst, counting.slices, seconds);
                        }
                    }
                }
            }
        }
        if (figure != null) {
            ConvergenceFigure.write(figure, points, referenceDice);
        }
        return 0;
    }

    /** Reads the JSON lines of an earlier run and draws its figure. */
    private void replot() throws IOException, InvalidInputException {
        for (JsonLines.Line line : JsonLines.read(replot)) {
            JsonNode o = line.object();
            int n = line.number();
            if (!"convergence".equals(o.path("bench").asText())) {
                continue;
            }
            for (String field : List.of("scheme", "fractionOfReference", "meanCorrelation", "calibratedDice")) {
                if (o.path(field).isMissingNode()) {
                    throw new InvalidInputException(replot.toString(), "line " + n + ": " + field, "is missing");
                }
            }
            if (o.path("scheme").asText().equals("reference")) {
                referenceDice = o.path("calibratedDice").asDouble();
            } else {
                points.add(new ConvergenceFigure.Point(
                        o.path("scheme").asText() + ", " + o.path("reduce").asText(),
                        o.path("fractionOfReference").asDouble(),
                        o.path("meanCorrelation").asDouble(),
                        o.path("calibratedDice").asDouble()));
            }
        }
        OptionChecks.check(!points.isEmpty(), "--replot", replot + " holds no convergence lines");
        ConvergenceFigure.write(figure, points, referenceDice);
    }

    private List<CaseEntry> first(List<CaseEntry> split) {
        return split.subList(0, Math.min(cases, split.size()));
    }

    private static double fraction(String text) {
        String[] p = text.trim().split("/");
        double f = p.length == 2 ? Double.parseDouble(p[0]) / Double.parseDouble(p[1]) : Double.parseDouble(p[0]);
        if (!(f > 0 && f <= 1)) {
            throw new IllegalArgumentException("a budget is a fraction in (0, 1], got " + text);
        }
        return f;
    }

    private MethodSettings settings(int directions, int slices, String scheme) {
        return MethodSpecs.tonno(directions, slices, sliceSize.size(), threads.count(), MethodSettings.DEFAULT_BATCH)
                .withScheme(lattice(scheme), scheme.endsWith("+body"));
    }

    /** The lattice of a scheme {@code LATTICE}, {@code LATTICE+body} or {@code LATTICE+adaptive}. */
    private static DirectionLattice lattice(String scheme) {
        int plus = scheme.indexOf('+');
        String suffix = plus < 0 ? "" : scheme.substring(plus);
        if (!suffix.isEmpty() && !suffix.equals("+body") && !suffix.equals("+adaptive")) {
            throw new IllegalArgumentException("a scheme is LATTICE, LATTICE+body or LATTICE+adaptive, got " + scheme);
        }
        return DirectionLattice.parse(plus < 0 ? scheme : scheme.substring(0, plus));
    }

    private static List<Case> heatmaps(SliceModel net, List<Case> cases, MethodSettings s) {
        List<Case> out = new ArrayList<>();
        for (Case c : cases) {
            out.add(new Case(
                    c.entry(), c.image(), c.mask(), c.body(), HeatmapMethods.compute(net, c.image(), s), null));
        }
        return out;
    }

    /**
     * The line of {@code --reduce offsets} or {@code offsets-adaptive} at budget {@code b}: each case's reference
     * sinogram with 1 in {@code round(1/b)} in-body slices kept (refined when adaptive), the rest interpolated. The
     * slices counted are the kept ones plus the all-zero slice where the reference scored one: what scoring only
     * those would cost.
     */
    private void offsets(double b, Double refine, MethodSettings reference, List<Case> cal, List<Case> tst)
            throws Exception {
        int stride = Math.max(1, (int) Math.round(1 / b));
        double tolerance = refine != null ? refine : Double.POSITIVE_INFINITY;
        long kept = 0;
        long t0 = System.nanoTime();
        List<List<Case>> splits = new ArrayList<>();
        for (List<Case> split : List.of(cal, tst)) {
            List<Case> out = new ArrayList<>();
            for (Case c : split) {
                OffsetInterpolation.Result r = OffsetInterpolation.interpolate(
                        c.sinogram(), c.image(), reference.reconstruction(), stride, tolerance);
                // The reference scored one all-zero slice for the planes that miss the body, if any do.
                kept += r.kept() + (r.inBody() < (long) referenceDirections * (referenceSlices + 2) ? 1 : 0);
                Volume heat = HeatmapMethods.combine(
                        HeatmapMethod.TONNO,
                        List.of(new HeatmapChunk.Scores(r.sinogram())),
                        c.image(),
                        reference.threads());
                out.add(new Case(c.entry(), c.image(), c.mask(), c.body(), heat, null));
            }
            splits.add(out);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        report(
                "sphere+body",
                refine != null ? "offsets-adaptive" : "offsets",
                b,
                reference.withAdaptiveOffsets(refine),
                splits.get(0),
                splits.get(1),
                cal,
                tst,
                kept,
                seconds);
    }

    /**
     * One JSON line: agreement with the reference and the calibrated evaluation of {@code cal}/{@code tst};
     * {@code slices} and {@code seconds} are what computing these heatmaps took (network calls, wall time).
     */
    private void report(
            String scheme,
            String how,
            double budget,
            MethodSettings s,
            List<Case> cal,
            List<Case> tst,
            List<Case> refCal,
            List<Case> refTst,
            long slices,
            double seconds)
            throws Exception {
        double sumCorr = 0;
        double minCorr = 1;
        double sumL2 = 0;
        double maxL2 = 0;
        List<Case> all = new ArrayList<>(cal);
        all.addAll(tst);
        List<Case> refs = new ArrayList<>(refCal);
        refs.addAll(refTst);
        double sumDense = 0;
        double minDense = 1;
        for (int i = 0; i < all.size(); i++) {
            float[] a = all.get(i).reference().data();
            float[] r = refs.get(i).reference().data();
            double corr = Correlation.pearson(a, r);
            double l2 = relativeL2(a, r);
            sumCorr += corr;
            minCorr = Math.min(minCorr, corr);
            sumL2 += l2;
            maxL2 = Math.max(maxL2, l2);
            if (!dense.isEmpty()) {
                double d = Correlation.pearson(a, dense.get(i));
                sumDense += d;
                minDense = Math.min(minDense, d);
            }
        }
        CalibratedEvaluation evaluation = BenchInputs.evaluation(ForegroundRestriction.INSIDE_FOREGROUND);
        CalibrationResult calibrated =
                evaluation.calibrate("convergence " + scheme, cal.size(), i -> evaluationCase(cal.get(i)));
        Evaluator.Accumulator acc = evaluation.start(scheme, null, calibrated);
        for (Case c : tst) {
            acc.add(evaluationCase(c));
        }
        MethodResult r = acc.finish();
        long referenceSlices = (long) referenceDirections * (this.referenceSlices + 2) * all.size();
        if (scheme.equals("reference")) {
            referenceDice = r.pooled().meanDice();
        } else {
            points.add(new ConvergenceFigure.Point(
                    scheme + ", " + how + (s.adaptiveOffsets() == null ? "" : " " + s.adaptiveOffsets()),
                    slices / (double) referenceSlices,
                    sumCorr / all.size(),
                    r.pooled().meanDice()));
        }
        ObjectNode line = JsonOutput.object()
                .put("bench", "convergence")
                .put("scheme", scheme)
                .put("reduce", how)
                .put("budget", JsonOutput.rounded(budget, 5))
                .put("directions", s.directions())
                .put("slices", s.slices())
                .put("scoredSlices", slices)
                .put("fractionOfReference", JsonOutput.rounded(slices / (double) referenceSlices, 4))
                .put("meanCorrelation", JsonOutput.rounded(sumCorr / all.size(), 5))
                .put("minCorrelation", JsonOutput.rounded(minCorr, 5))
                .put("meanRelativeL2", JsonOutput.rounded(sumL2 / all.size(), 5))
                .put("maxRelativeL2", JsonOutput.rounded(maxL2, 5))
                .put("calibratedDice", JsonOutput.rounded(r.pooled().meanDice(), 4))
                .put("f1", JsonOutput.rounded(r.pooled().f1(), 4))
                .put("threshold", JsonOutput.rounded(calibrated.settings().threshold(), 5))
                .put("cases", all.size())
                .put("sliceSize", sliceSize.size())
                .put("seconds", JsonOutput.rounded(seconds, 1));
        if (s.adaptiveOffsets() != null) {
            line.put("refineTolerance", s.adaptiveOffsets());
        }
        if (!dense.isEmpty()) {
            line.put("denseDirections", denseDirections)
                    .put("meanCorrelationDense", JsonOutput.rounded(sumDense / all.size(), 5))
                    .put("minCorrelationDense", JsonOutput.rounded(minDense, 5));
        }
        JsonOutput.line(line);
    }

    private static EvaluationCase evaluationCase(Case c) {
        return EvaluationCase.withMask(
                c.entry().id(), c.reference(), c.mask(), c.body(), c.entry().label());
    }

    static double relativeL2(float[] got, float[] want) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < got.length; i++) {
            double e = got[i] - want[i];
            num += e * e;
            den += (double) want[i] * want[i];
        }
        return den == 0 ? (num == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(num / den);
    }

    /** A slice model that counts the slices its scorers score (the network calls). */
    private static final class Counting implements SliceModel {
        private final SliceModel inner;
        long slices;

        Counting(SliceModel inner) {
            this.inner = inner;
        }

        @Override
        public SliceScorer scorer(int batchSize) {
            SliceScorer s = inner.scorer(batchSize);
            return new SliceScorer() {
                @Override
                public void score(float[] x, int count, int height, int width, double[] scores) {
                    s.score(x, count, height, width, scores);
                    synchronized (Counting.this) {
                        slices += count;
                    }
                }

                @Override
                public int preferredBatchSize() {
                    return s.preferredBatchSize();
                }
            };
        }

        @Override
        public Optional<ResNet> resnet() {
            return inner.resnet();
        }

        @Override
        public String description() {
            return inner.description();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
