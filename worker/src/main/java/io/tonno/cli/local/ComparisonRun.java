package io.tonno.cli.local;

import io.tonno.classifier.heatmap.HeatmapMethods;
import io.tonno.classifier.inference.SliceModel;
import io.tonno.evaluation.CalibratedEvaluation;
import io.tonno.evaluation.EvaluationCase;
import io.tonno.evaluation.Evaluator;
import io.tonno.evaluation.MethodResult;
import io.tonno.evaluation.calibration.CalibrationResult;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.report.CaseFigureInput;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.preprocess.ForegroundMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the rows of a {@link ComparisonPlan} on a dataset, one row (method, layer) at a time and one case at a
 * time: the heatmaps of the calibration cases are computed and stored, the threshold is calibrated on them
 * ({@link CalibratedEvaluation}), then each test case's heatmap is computed, stored and scored. Only one
 * heatmap, its image, mask and foreground are in memory at once; stored heatmaps are read back for calibration
 * (twice per case) and for the figure.
 *
 * <p><b>Seconds per volume</b> is the wall time of {@link HeatmapMethods#compute} on each test volume (reading,
 * writing and scoring excluded), averaged over the test split. Calibration volumes are computed first, so the
 * engine is warm when test volumes are timed.
 */
public final class ComparisonRun {
    private final SliceModel net;
    private final List<CaseEntry> calibration;
    private final List<CaseEntry> test;
    private final CalibratedEvaluation evaluation;
    private final double foregroundThreshold;
    private final HeatmapStore store;
    private final Listener progress;

    /** Told of each heatmap computed and of each finished row. */
    interface Listener {
        /** After each heatmap of {@code row}: {@code done} of its {@code total} (calibration, then test). */
        void heatmap(ComparisonPlan.Row row, int done, int total);

        /** When {@code row} is scored: its summary (threshold, calibration Dice, test F1 and Dice, time). */
        void finished(ComparisonPlan.Row row, String summary);
    }

    /**
     * @param foregroundThreshold body = intensities above it ({@link ForegroundMask}); used when the evaluation
     *                            restricts to the foreground
     * @param progress            told of each heatmap and each finished row
     */
    ComparisonRun(
            SliceModel net,
            List<CaseEntry> calibration,
            List<CaseEntry> test,
            CalibratedEvaluation evaluation,
            double foregroundThreshold,
            HeatmapStore store,
            Listener progress) {
        this.net = net;
        this.calibration = List.copyOf(calibration);
        this.test = List.copyOf(test);
        this.evaluation = evaluation;
        this.foregroundThreshold = foregroundThreshold;
        this.store = store;
        this.progress = progress;
    }

    /** One result per row, in the rows' order. */
    List<MethodResult> run(List<ComparisonPlan.Row> rows) throws IOException, InvalidInputException {
        List<MethodResult> out = new ArrayList<>();
        for (ComparisonPlan.Row row : rows) {
            out.add(run(row));
        }
        return out;
    }

    private MethodResult run(ComparisonPlan.Row row) throws IOException, InvalidInputException {
        double calibrationSeconds = 0;
        int done = 0;
        int total = calibration.size() + test.size();
        for (CaseEntry c : calibration) {
            Volume image = Nifti.read(c.image());
            long t0 = System.nanoTime();
            Volume heat = HeatmapMethods.compute(net, image, row.settings());
            calibrationSeconds += (System.nanoTime() - t0) / 1e9;
            store.write(row.label(), c.id(), heat);
            progress.heatmap(row, ++done, total);
        }
        CalibrationResult cal = evaluation.calibrate("calibration split, " + row.label(), calibration.size(), i -> {
            CaseEntry c = calibration.get(i);
            return evaluationCase(c, store.read(row.label(), c.id()), foreground(c), Double.NaN);
        });
        Evaluator.Accumulator acc = evaluation.start(row.name(), row.layer(), cal);
        for (CaseEntry c : test) {
            Volume image = Nifti.read(c.image());
            long t0 = System.nanoTime();
            Volume heat = HeatmapMethods.compute(net, image, row.settings());
            double seconds = (System.nanoTime() - t0) / 1e9;
            store.write(row.label(), c.id(), heat);
            acc.add(evaluationCase(c, heat, foreground(image), seconds));
            progress.heatmap(row, ++done, total);
        }
        MethodResult r = acc.finish();
        progress.finished(
                row,
                String.format(
                        java.util.Locale.ROOT,
                        "test F1 %.3f Dice %.3f, %.2f s/volume; threshold %.4g (calibration Dice %.3f, %.2f s/volume)",
                        r.pooled().f1(),
                        r.pooled().meanDice(),
                        r.pooled().meanSeconds(),
                        cal.settings().threshold(),
                        cal.meanDice(),
                        calibrationSeconds / Math.max(1, calibration.size())));
        return r;
    }

    /** The case's heatmap with its mask when it has one, else its boxes (the manifest's, on the image grid). */
    private static EvaluationCase evaluationCase(CaseEntry c, Volume heat, Volume foreground, double seconds)
            throws IOException, InvalidInputException {
        Volume truth = c.hasMask() ? Nifti.read(c.mask()) : null;
        return new EvaluationCase(
                c.id(), heat, truth, truth == null ? c.boxes() : null, foreground, c.label(), seconds);
    }

    private Volume foreground(CaseEntry c) throws IOException, InvalidInputException {
        if (evaluation.options().restriction() == ForegroundRestriction.NONE) {
            return null;
        }
        return ForegroundMask.compute(Nifti.read(c.image()), foregroundThreshold);
    }

    private Volume foreground(Volume image) {
        if (evaluation.options().restriction() == ForegroundRestriction.NONE) {
            return null;
        }
        return ForegroundMask.compute(image, foregroundThreshold);
    }

    /**
     * The Fig. 6 panel: the first {@code count} positive test cases with a mask; for each method name among the
     * rows shown there (ToNNO, the axial 2D baselines, Averaged and Tomographic CAM), the layer with the highest
     * calibration Dice (the first on ties), read back from the store.
     */
    List<CaseFigureInput> figureCases(List<ComparisonPlan.Row> rows, List<MethodResult> results, int count)
            throws IOException, InvalidInputException {
        Map<String, Integer> best = new LinkedHashMap<>();
        for (int n = 0; n < rows.size(); n++) {
            if (!rows.get(n).axial3d()) {
                continue;
            }
            Integer b = best.get(rows.get(n).name());
            if (b == null
                    || results.get(n).calibration().meanDice()
                            > results.get(b).calibration().meanDice()) {
                best.put(rows.get(n).name(), n);
            }
        }
        List<CaseFigureInput> out = new ArrayList<>();
        for (CaseEntry c : test) {
            if (out.size() >= count) {
                break;
            }
            if (c.label() != 1 || !c.hasMask()) {
                continue;
            }
            Volume image = Nifti.read(c.image());
            Volume fg = foreground(image);
            List<CaseFigureInput.MethodMap> maps = new ArrayList<>();
            for (int n : best.values()) {
                ComparisonPlan.Row row = rows.get(n);
                String title = row.layer() == null ? row.name() : row.name() + " (" + row.layer() + ")";
                maps.add(new CaseFigureInput.MethodMap(
                        title,
                        store.read(row.label(), c.id()),
                        fg,
                        results.get(n).settings().binarization()));
            }
            out.add(new CaseFigureInput(c.id(), image, Nifti.read(c.mask()), maps));
        }
        return out;
    }

    /**
     * Where heatmaps live between computing and reading back: {@code DIR/<row label>/<case id>.nii.gz} when kept
     * ({@code --save-heatmaps}), else uncompressed in a scratch directory that {@link #close} deletes.
     */
    static final class HeatmapStore implements AutoCloseable {
        private final Path dir;
        private final boolean keep;

        HeatmapStore(Path dir, boolean keep) {
            this.dir = dir;
            this.keep = keep;
        }

        void write(String label, String caseId, Volume heat) throws IOException {
            Path p = path(label, caseId);
            Files.createDirectories(p.getParent());
            Nifti.writeFloat32(heat, p);
        }

        Volume read(String label, String caseId) throws IOException, InvalidInputException {
            return Nifti.read(path(label, caseId));
        }

        private Path path(String label, String caseId) {
            return dir.resolve(label).resolve(caseId + (keep ? ".nii.gz" : ".nii"));
        }

        @Override
        public void close() throws IOException {
            if (keep || !Files.exists(dir)) {
                return;
            }
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
