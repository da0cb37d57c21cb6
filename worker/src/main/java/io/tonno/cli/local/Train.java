package io.tonno.cli.local;

import io.tonno.classifier.training.LabeledVolume;
import io.tonno.classifier.training.TrainingConfig;
import io.tonno.classifier.training.TrainingRun;
import io.tonno.cli.JsonOutput;
import io.tonno.cli.ProgressVerb;
import io.tonno.evaluation.report.LearningReport;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.io.Nifti;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tonno train}: trains the slice classifier on a dataset's train split, validating on another
 * split. Volumes are used as read: preprocess them to (near) isotropic voxels and intensities of about
 * [0, 1] first (the synthetic datasets already are). Shows the training's progress on stderr (one line,
 * redrawn on a terminal) and prints the final validation as one JSON line on stdout. At the end it writes
 * {@code OUT/training-curves.png} and prints the learning verdict ({@link LearningReport}) on stderr; the
 * JSON line carries it as {@code "learned": true, false or null} (null: no verdict, e.g. too few
 * validation volumes).
 */
@Command(name = "train", description = "Train the slice classifier (ResNet-10-T/50) on random-orientation slices.")
public final class Train implements Callable<Integer>, ProgressVerb {
    @Option(names = "--dataset", required = true, description = "dataset manifest (dataset.json)")
    Path dataset;

    @Option(names = "--config", required = true, description = "training spec JSON (see docs/classifier.md)")
    Path config;

    @Option(
            names = "--out",
            required = true,
            description =
                    "output directory: metrics.jsonl, checkpoint.safetensors, model.safetensors, best.safetensors (the best validation), training-curves.png")
    Path out;

    @Option(names = "--resume", description = "continue from OUT/checkpoint.safetensors")
    boolean resume;

    @Option(
            names = "--validation-split",
            defaultValue = "calibration",
            description = "split scored every validationInterval steps: calibration (default) or test")
    String validationSplit;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        return TrainingVerbs.exitCode("tonno train", err, () -> {
            TrainingConfig cfg = TrainingConfig.load(config);
            if (cfg.pretext() != null) {
                throw new InvalidInputException(
                        config.toString(), "pretext", "is read by tonno pretrain only; remove it here");
            }
            Split valSplit = Split.parse(validationSplit);
            if (valSplit == null || valSplit == Split.TRAIN) {
                throw new InvalidInputException(
                        "--validation-split", "value", "must be calibration or test, got " + validationSplit);
            }
            Dataset ds = Dataset.load(dataset);
            List<LabeledVolume> train = load(ds.cases(Split.TRAIN), false);
            List<LabeledVolume> val = load(ds.cases(valSplit), true);
            err.printf(
                    Locale.ROOT,
                    "tonno train: %d training and %d validation (%s) volumes, %s/%s, %d steps%n",
                    train.size(),
                    val.size(),
                    valSplit.manifestName(),
                    cfg.model().arch(),
                    cfg.model().norm(),
                    cfg.training().steps());
            TrainingRun.Result r = TrainingVerbs.run(new TrainingRun(cfg, train, val, out), resume, err);
            err.printf(
                    Locale.ROOT,
                    "tonno train: done, %d steps; weights in %s%n",
                    r.steps(),
                    out.resolve(TrainingRun.MODEL));
            if (r.best() != null) {
                err.printf(
                        Locale.ROOT,
                        "tonno train: the best validation (volume AUC %.4f at step %d) is %s; chosen on this split, so"
                                + " score it on another one (--validation-split) for an unbiased number%n",
                        r.best().volumeAuc(),
                        r.best().step(),
                        out.resolve(TrainingRun.BEST));
            }
            LearningReport.Assessment verdict = learningReport(val, err);
            if (r.validation() != null) {
                TrainingRun.Validation v = r.validation();
                JsonOutput.line(JsonOutput.object()
                        .put("steps", r.steps())
                        .put("valSliceAuc", JsonOutput.rounded(v.sliceAuc(), 4))
                        .put("valVolumeAuc", JsonOutput.rounded(v.volumeAuc(), 4))
                        .put("valBalancedAccuracy", JsonOutput.rounded(v.balancedAccuracy(), 4))
                        .put("valLesionSliceAuc", JsonOutput.rounded(v.lesionSliceAuc(), 4))
                        .put("valPerfectDetectorSliceAuc", JsonOutput.rounded(v.perfectDetectorSliceAuc(), 4))
                        .put("learned", verdict == null ? null : verdict.learned()));
            }
            return 0;
        });
    }

    /**
     * Writes {@code OUT/training-curves.png} and prints the verdict on stderr; a failure here is reported
     * and does not fail the run (the weights are written).
     *
     * @return the verdict, or null when the report could not be written
     */
    private LearningReport.Assessment learningReport(List<LabeledVolume> val, PrintStream err) {
        Path png = out.resolve(LearningReport.FIGURE);
        try {
            int[] labels = val.stream().mapToInt(LabeledVolume::label).toArray();
            LearningReport.Assessment a = LearningReport.write(
                    out.resolve(TrainingRun.METRICS), png, LearningReport.ValidationVolumes.of(labels));
            err.println("tonno train: curves in " + png);
            err.println("tonno train: " + a.sentence());
            return a;
        } catch (IOException | InvalidInputException e) {
            err.println("tonno train: could not write the learning report " + png + ": " + e.getMessage());
            return null;
        }
    }

    /** Cases as volumes; with {@code masks}, each case's mask too when it has one (validation only: training never sees masks). */
    public static List<LabeledVolume> load(List<CaseEntry> cases, boolean masks) throws Exception {
        List<LabeledVolume> out = new ArrayList<>();
        for (CaseEntry c : cases) {
            out.add(new LabeledVolume(
                    c.id(), Nifti.read(c.image()), c.label(), masks && c.mask() != null ? Nifti.read(c.mask()) : null));
        }
        return out;
    }
}
