package io.tonno.evaluation;

import io.tonno.evaluation.calibration.Binarizer;
import io.tonno.evaluation.calibration.CalibrationResult;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.metrics.BalancedAccuracy;
import io.tonno.evaluation.metrics.DetectionCounts;
import io.tonno.evaluation.metrics.Dice;
import io.tonno.evaluation.metrics.HausdorffDistance;
import io.tonno.evaluation.metrics.LesionDetection;
import io.tonno.evaluation.metrics.MaxIoU;
import io.tonno.imaging.Volume;
import io.tonno.imaging.label.ConnectedComponents;
import io.tonno.imaging.label.Labeling;
import io.tonno.imaging.label.Masks;
import io.tonno.imaging.stats.Roc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Scores one method's heatmaps (method.md §10): binarizes each with the method's settings, labels
 * prediction and truth in 3D, and computes per-case and pooled metrics.
 *
 * <p>What each case contributes:
 * <ul>
 *   <li>with a mask: lesion counts against the mask's components, Dice and HD95;</li>
 *   <li>with boxes only (a non-empty list): lesion counts against the boxes and MaxIoU;</li>
 *   <li>with neither and label 0: an empty mask is assumed (a negative volume), so predicted
 *       components count as false positives and Dice follows the empty-truth rule;</li>
 *   <li>with neither and label 1: only balanced accuracy (its lesions are unknown).</li>
 * </ul>
 * A dataset is scored by MaxIoU instead of Dice ({@link PooledMetrics#boxOnly()}) when some case has
 * boxes and none has a mask; its negatives then still count false-positive components.
 * Cases are consumed one at a time through {@link #start}, so a dataset never has to fit in memory.
 */
public final class Evaluator {
    private final EvaluationSettings settings;

    public Evaluator(EvaluationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Scores a list of cases in one call. */
    public MethodResult evaluate(
            String method, String layer, CalibrationResult calibration, List<EvaluationCase> cases) {
        Accumulator acc = start(method, layer, calibration);
        for (EvaluationCase c : cases) {
            acc.add(c);
        }
        return acc.finish();
    }

    /** Begins a streaming evaluation; add cases, then {@link Accumulator#finish()}. */
    public Accumulator start(String method, String layer, CalibrationResult calibration) {
        return new Accumulator(method, layer, calibration);
    }

    /**
     * One scored case.
     *
     * @param metrics    its scores
     * @param prediction the binarized heatmap they were computed from, in the heatmap's layout (axis 0 fastest,
     *                   one flag per voxel, {@code true} = predicted lesion)
     */
    public record Scored(CaseMetrics metrics, boolean[] prediction) {
        public Scored {
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(prediction, "prediction");
        }
    }

    /** Scores a single case without pooling. */
    public CaseMetrics score(EvaluationCase c) {
        return scored(c).metrics();
    }

    private Scored scored(EvaluationCase c) {
        if (settings.binarization().restriction() == ForegroundRestriction.INSIDE_FOREGROUND
                && c.foreground() == null) {
            throw new IllegalArgumentException(
                    "case " + c.id() + ": foreground restriction is on but the case has " + "no foreground volume");
        }
        Volume h = c.heatmap();
        boolean[] considered =
                Binarizer.considered(h, c.foreground(), settings.binarization().restriction());
        boolean[] pred = Binarizer.binarizeWithin(h, considered, settings.binarization());
        Labeling predLabels = ConnectedComponents.label(pred, h.nx(), h.ny(), h.nz(), settings.connectivity());
        long predicted = Masks.count(pred);
        boolean[] truth = null;
        CaseMetrics.Annotation annotation;
        if (c.truth() != null) {
            truth = Masks.of(c.truth());
            annotation = CaseMetrics.Annotation.MASK;
        } else if (c.boxes() != null && !c.boxes().isEmpty()) {
            annotation = CaseMetrics.Annotation.BOXES;
        } else if (c.label() == 0) {
            truth = new boolean[pred.length];
            annotation = CaseMetrics.Annotation.ASSUMED_EMPTY;
        } else {
            annotation = CaseMetrics.Annotation.NONE;
        }
        DetectionCounts detection = null;
        double dice = Double.NaN;
        double maxIoU = Double.NaN;
        double hd = Double.NaN;
        long truthVoxels = -1;
        if (truth != null) {
            Labeling truthLabels = ConnectedComponents.label(truth, h.nx(), h.ny(), h.nz(), settings.connectivity());
            detection = LesionDetection.count(predLabels, truthLabels);
            dice = Dice.dice(pred, truth, settings.diceBothEmpty());
            hd = HausdorffDistance.compute(pred, truth, h.shape(), h.spacing(), settings.hausdorff());
            truthVoxels = Masks.count(truth);
        } else if (annotation == CaseMetrics.Annotation.BOXES) {
            detection = LesionDetection.count(predLabels, c.boxes());
            maxIoU = MaxIoU.volume(c.boxes(), predLabels);
        }
        CaseMetrics metrics = new CaseMetrics(
                c.id(),
                annotation,
                c.label(),
                predicted > 0,
                predicted,
                truthVoxels,
                detection,
                dice,
                maxIoU,
                hd,
                Binarizer.peak(h.data(), considered),
                c.seconds());
        return new Scored(metrics, pred);
    }

    /** Collects case scores of one method and pools them. Not thread-safe. */
    public final class Accumulator {
        private final String method;
        private final String layer;
        private final CalibrationResult calibration;
        private final List<CaseMetrics> cases = new ArrayList<>();

        private Accumulator(String method, String layer, CalibrationResult calibration) {
            this.method = Objects.requireNonNull(method, "method");
            this.layer = layer;
            this.calibration = calibration;
        }

        /** Scores and records one case; returns its metrics and the binarized heatmap they came from. */
        public Scored add(EvaluationCase c) {
            Scored s = scored(c);
            cases.add(s.metrics());
            return s;
        }

        /** Pools the recorded cases. */
        public MethodResult finish() {
            return new MethodResult(method, layer, settings, calibration, cases, pool(cases, settings));
        }
    }

    /** Pools per-case scores with the given settings' zero-division rule. */
    public static PooledMetrics pool(List<CaseMetrics> cases, EvaluationSettings settings) {
        DetectionCounts counts = DetectionCounts.ZERO;
        double diceSum = 0;
        int diceN = 0;
        double iouSum = 0;
        int iouN = 0;
        double hdSum = 0;
        int hdN = 0;
        int hdBad = 0;
        double secSum = 0;
        int secN = 0;
        boolean anyMask = false;
        boolean anyBoxes = false;
        int[] labels = new int[cases.size()];
        boolean[] positive = new boolean[cases.size()];
        double[] peaks = new double[cases.size()];
        boolean[] peakPositive = new boolean[cases.size()];
        int peaked = 0;
        for (int n = 0; n < cases.size(); n++) {
            CaseMetrics c = cases.get(n);
            labels[n] = c.label();
            anyMask |= c.annotation() == CaseMetrics.Annotation.MASK;
            anyBoxes |= c.annotation() == CaseMetrics.Annotation.BOXES;
            positive[n] = c.predictedPositive();
            if (!Double.isNaN(c.peak())) {
                peaks[peaked] = c.peak();
                peakPositive[peaked++] = c.label() == 1;
            }
            if (c.detection() != null) {
                counts = counts.plus(c.detection());
            }
            if (!Double.isNaN(c.dice())) {
                diceSum += c.dice();
                diceN++;
            }
            if (!Double.isNaN(c.maxIoU())) {
                iouSum += c.maxIoU();
                iouN++;
            }
            if (c.truthVoxels() >= 0) {
                if (Double.isFinite(c.hd95())) {
                    hdSum += c.hd95();
                    hdN++;
                } else {
                    hdBad++;
                }
            }
            if (!Double.isNaN(c.seconds())) {
                secSum += c.seconds();
                secN++;
            }
        }
        DetectionCounts.ZeroDivision zd = settings.zeroDivision();
        return new PooledMetrics(
                cases.size(),
                counts,
                counts.precision(zd),
                counts.recall(zd),
                counts.f1(zd),
                diceN == 0 ? Double.NaN : diceSum / diceN,
                diceN,
                iouN == 0 ? Double.NaN : iouSum / iouN,
                iouN,
                BalancedAccuracy.compute(labels, positive),
                Roc.auc(Arrays.copyOf(peaks, peaked), Arrays.copyOf(peakPositive, peaked)),
                hdN == 0 ? Double.NaN : hdSum / hdN,
                hdN,
                hdBad,
                secN == 0 ? Double.NaN : secSum / secN,
                anyBoxes && !anyMask);
    }
}
