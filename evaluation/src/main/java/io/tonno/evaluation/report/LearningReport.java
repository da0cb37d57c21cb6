package io.tonno.evaluation.report;

import io.tonno.imaging.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The learning report of a training run: its curves as a PNG and a verdict on whether the slice
 * classifier learned, both from the run's {@code metrics.jsonl} (see {@link TrainingLog}).
 *
 * <p><b>The rule.</b> The verdict reads the <em>last</em> validation line of the log (not the best one):
 * the weights a run leaves ({@code model.safetensors}) are its final weights, and the verdict is about
 * those. A run whose final validation volume AUC ({@code valVolumeAuc}) is below
 * {@value #LEARNED_VOLUME_AUC} <em>did not learn</em>; at or above it, it <em>learned</em>. Volume AUC is the
 * criterion because it is the score that asks what ToNNO needs: that a positive volume has slices the
 * network scores higher than any slice of a negative volume (the volume score pools the slice logits of the
 * validation planes, by default the mean of the maxima of parallel sweeps; {@code training.validationPlanes}). Slice AUC ({@code valSliceAuc}) is named in the sentence as context, not used by the
 * rule: slices inherit their volume's label, so most slices of a positive volume show no lesion, and even a
 * perfect lesion detector has a slice AUC well below 1 that depends on lesion size. When the log has them (validation
 * cases with masks), the sentence also gives that detector's slice AUC on the same slices ({@code valPerfectDetectorSliceAuc})
 * and the AUC against whether a slice cuts a lesion ({@code valLesionSliceAuc}). 0.60 is a low bar on
 * purpose: below it the network gives ToNNO nothing to reconstruct, and the typical failure this report
 * exists for, a run that stays at chance, sits at 0.50 ± the noise of a small validation split.
 *
 * <p>No verdict is given (the sentence says why) when the log has no validation line (no validation split,
 * or an empty one), when the last volume AUC is undefined (a split holding one class only), or when the
 * validation split has fewer than {@value #MIN_VOLUMES_PER_CLASS} positive or negative volumes: the AUC of a
 * random scorer on n₊ positive and n₋ negative volumes has a standard deviation of
 * √((n₊ + n₋ + 1) / (12 n₊ n₋)), 0.19 at 5 + 5, so with fewer volumes neither reading can be trusted. The
 * counts are not in the log; callers that know them pass them ({@code null} skips that check).
 *
 * <p>Unknown fields in the log are ignored; every validation field whose name contains {@code Auc} or
 * {@code Accuracy} is plotted.
 */
public final class LearningReport {
    /** Final validation volume AUC at or above which the classifier learned. */
    public static final double LEARNED_VOLUME_AUC = 0.60;
    /** Fewest positive and fewest negative validation volumes for a verdict. */
    public static final int MIN_VOLUMES_PER_CLASS = 5;
    /** Where a run that did not learn is sent. */
    public static final String DOCS = "docs/classifier.md#when-the-classifier-does-not-learn";
    /** The file name {@code tonno train} writes next to {@code model.safetensors}. */
    public static final String FIGURE = "training-curves.png";

    static final String VOLUME_AUC = "valVolumeAuc";
    static final String SLICE_AUC = "valSliceAuc";
    static final String LESION_SLICE_AUC = "valLesionSliceAuc";
    static final String PERFECT_DETECTOR_SLICE_AUC = "valPerfectDetectorSliceAuc";

    private LearningReport() {}

    /** What the log says about learning. */
    public enum Verdict {
        /** Final validation volume AUC ≥ {@link #LEARNED_VOLUME_AUC}. */
        LEARNED,
        /** Final validation volume AUC &lt; {@link #LEARNED_VOLUME_AUC}. */
        DID_NOT_LEARN,
        /** No validation line in the log. */
        NO_VALIDATION,
        /** Validation too small, or its volume AUC undefined. */
        INCONCLUSIVE
    }

    /**
     * Class counts of the validation split.
     *
     * @param positive volumes labelled 1
     * @param negative volumes labelled 0
     */
    public record ValidationVolumes(int positive, int negative) {
        /** Counts labels (1 positive, anything else negative). */
        public static ValidationVolumes of(int[] labels) {
            int p = 0;
            for (int l : labels) {
                if (l == 1) {
                    p++;
                }
            }
            return new ValidationVolumes(p, labels.length - p);
        }
    }

    /**
     * The verdict with the numbers it rests on.
     *
     * @param verdict   the verdict
     * @param step      step of the last validation line, or of the last training line without validation (-1 if none)
     * @param volumeAuc last validation volume AUC (NaN if absent)
     * @param sliceAuc  last validation slice AUC (NaN if absent)
     * @param finalLoss last logged training loss (NaN if absent)
     * @param sentence  one line for people: the numbers, then the verdict
     */
    public record Assessment(
            Verdict verdict, long step, double volumeAuc, double sliceAuc, double finalLoss, String sentence) {
        /** {@code true} learned, {@code false} did not learn, {@code null} no verdict. */
        public Boolean learned() {
            return switch (verdict) {
                case LEARNED -> Boolean.TRUE;
                case DID_NOT_LEARN -> Boolean.FALSE;
                default -> null;
            };
        }
    }

    /**
     * Reads {@code metrics}, writes the curves with the verdict to {@code png} (atomically) and returns the
     * verdict.
     *
     * @param volumes the validation split's class counts, or {@code null} when unknown
     * @throws InvalidInputException when the log is malformed (names file and line)
     */
    public static Assessment write(Path metrics, Path png, ValidationVolumes volumes)
            throws IOException, InvalidInputException {
        TrainingLog log = TrainingLog.read(metrics);
        Assessment a = assess(log, volumes);
        Charts.writePng(TrainingCurvesFigure.render(log, a), png);
        return a;
    }

    /** The verdict of a log (see the class comment for the rule). */
    public static Assessment assess(TrainingLog log, ValidationVolumes volumes) {
        double finalLoss = log.loss().length == 0 ? Double.NaN : log.loss()[log.loss().length - 1];
        long lastTrainStep = log.trainSteps().length == 0 ? -1 : (long) log.trainSteps()[log.trainSteps().length - 1];
        long step = lastValidationStep(log.validation());
        if (step < 0) {
            String loss = Double.isFinite(finalLoss)
                    ? String.format(
                            Locale.ROOT,
                            "; final training loss %.3f (a constant guess scores at most ln 2 = 0.693)",
                            finalLoss)
                    : "";
            return new Assessment(
                    Verdict.NO_VALIDATION,
                    lastTrainStep,
                    Double.NaN,
                    Double.NaN,
                    finalLoss,
                    "no validation during training" + loss + ": whether the classifier learned was not measured");
        }
        double volumeAuc = valueAt(log.validation().get(VOLUME_AUC), step);
        double sliceAuc = valueAt(log.validation().get(SLICE_AUC), step);
        double perfect = valueAt(log.validation().get(PERFECT_DETECTOR_SLICE_AUC), step);
        double lesionSliceAuc = valueAt(log.validation().get(LESION_SLICE_AUC), step);
        String numbers = "validation volume AUC " + f2(volumeAuc) + ", slice AUC " + f2(sliceAuc)
                + (Double.isFinite(perfect) ? " (a perfect lesion detector: " + f2(perfect) + ")" : "")
                + (Double.isFinite(lesionSliceAuc) ? ", lesion-slice AUC " + f2(lesionSliceAuc) : "")
                + " at step " + step;
        Verdict verdict;
        String sentence;
        if (volumes != null
                && (volumes.positive() < MIN_VOLUMES_PER_CLASS || volumes.negative() < MIN_VOLUMES_PER_CLASS)) {
            verdict = Verdict.INCONCLUSIVE;
            sentence = String.format(
                    Locale.ROOT,
                    "%s on %d positive and %d negative volumes: too few to tell whether the classifier learned "
                            + "(a verdict needs at least %d of each)",
                    numbers,
                    volumes.positive(),
                    volumes.negative(),
                    MIN_VOLUMES_PER_CLASS);
        } else if (!Double.isFinite(volumeAuc)) {
            verdict = Verdict.INCONCLUSIVE;
            sentence = numbers
                    + ": volume AUC undefined (the validation split needs positive and negative volumes), "
                    + "no verdict";
        } else if (volumeAuc < LEARNED_VOLUME_AUC) {
            verdict = Verdict.DID_NOT_LEARN;
            sentence = numbers + ": the classifier did not learn; see " + DOCS;
        } else {
            verdict = Verdict.LEARNED;
            sentence = numbers + ": the classifier learned (volume AUC ≥ " + f2(LEARNED_VOLUME_AUC) + ")";
        }
        return new Assessment(verdict, step, volumeAuc, sliceAuc, finalLoss, sentence);
    }

    /** Largest step of any validation point, -1 when there is none. */
    private static long lastValidationStep(Map<String, double[][]> validation) {
        double last = -1;
        for (double[][] points : validation.values()) {
            for (double[] p : points) {
                last = Math.max(last, p[0]);
            }
        }
        return (long) last;
    }

    /** The value of the last point at {@code step}, NaN when the metric is absent there. */
    private static double valueAt(double[][] points, long step) {
        double v = Double.NaN;
        if (points != null) {
            for (double[] p : points) {
                if ((long) p[0] == step) {
                    v = p[1];
                }
            }
        }
        return v;
    }

    /** Two decimals; three near the threshold, so 0.598 does not read as 0.60 next to "did not learn". */
    static String f2(double v) {
        if (!Double.isFinite(v)) {
            return "undefined";
        }
        boolean near = v != LEARNED_VOLUME_AUC && Math.abs(v - LEARNED_VOLUME_AUC) < 0.005;
        return String.format(Locale.ROOT, near ? "%.3f" : "%.2f", v);
    }
}
