package io.tonno.cli.local;

import io.tonno.cli.ExitCodes;
import io.tonno.evaluation.CalibratedEvaluation;
import io.tonno.evaluation.EvaluationCase;
import io.tonno.evaluation.Evaluator;
import io.tonno.evaluation.MethodResult;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.calibration.Normalization;
import io.tonno.evaluation.metrics.Dice;
import io.tonno.evaluation.report.ReportInputs;
import io.tonno.evaluation.report.ReportWriter;
import io.tonno.evaluation.report.ResultsJson;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.AtomicFiles;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.label.Connectivity;
import io.tonno.imaging.label.Masks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tonno evaluate}: binarizes heatmaps (a given threshold, or one calibrated on other volumes to
 * maximise mean Dice) and scores them against masks; prints per-case and pooled metrics as JSON.
 *
 * <p>Pairing: {@code --pred} and {@code --truth} are two files, or two directories whose NIfTI files
 * ({@code .nii}, {@code .nii.gz}) are matched by case id (the file name without extension); likewise
 * {@code --foreground}. A calibration directory holds {@code pred/} and {@code truth/} (and
 * {@code foreground/} when the restriction is on) laid out the same way. A volume's label is 1 when
 * its mask is non-empty.
 */
@Command(
        name = "evaluate",
        description = {
            "Binarize heatmaps and score them against ground-truth masks: lesion-wise precision/recall/F1 "
                    + "(pooled), Dice per volume, balanced accuracy, the volume AUC of the heatmap peaks, HD95. "
                    + "Prints JSON and writes it to --out.",
            "Exit codes: 0 ok, 2 bad input (the message names the file and field)."
        })
public final class Evaluate implements Callable<Integer> {
    @Option(
            names = "--pred",
            required = true,
            paramLabel = "FILE|DIR",
            description = "Heatmap NIfTI file or directory.")
    Path pred;

    @Option(
            names = "--truth",
            required = true,
            paramLabel = "FILE|DIR",
            description = "Mask NIfTI file or directory (non-zero = lesion).")
    Path truth;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    ThresholdChoice choice;

    static final class ThresholdChoice {
        @Option(
                names = "--threshold",
                paramLabel = "T",
                description = "Threshold in normalised units (voxel positive when value > T).")
        Double threshold;

        @Option(
                names = "--calibrate",
                paramLabel = "CALIB_DIR",
                description = "Choose the threshold maximising mean Dice on CALIB_DIR/pred vs CALIB_DIR/truth.")
        Path calibrate;
    }

    @CommandLine.Mixin
    ScoringOptions scoring = new ScoringOptions();

    @Option(
            names = "--foreground",
            paramLabel = "FILE|DIR",
            description = "Body masks: binarize only inside them (foreground restriction).")
    Path foreground;

    @Option(
            names = "--dice-both-empty",
            defaultValue = "one",
            paramLabel = "one|exclude",
            description = "Dice of a volume whose mask and prediction are both empty.")
    Dice.BothEmpty diceBothEmpty;

    @Option(names = "--method", defaultValue = "heatmap", description = "Method name for the results.")
    String method;

    @Option(names = "--layer", description = "Layer name for the results, if any.")
    String layer;

    @Option(names = "--out", required = true, paramLabel = "results.json", description = "Where to write the JSON.")
    Path out;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "Also write results.{json,csv,md} and index.html into DIR.")
    Path report;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private record Pair(String id, Path pred, Path truth, Path foreground) {}

    @Override
    public Integer call() throws Exception {
        return ExitCodes.orBadInput("tonno evaluate", spec.commandLine().getErr(), () -> {
            MethodResult result = run();
            String json = ResultsJson.toJson(List.of(result));
            AtomicFiles.writeString(out, json);
            if (report != null) {
                ReportWriter.write(report, List.of(result), ReportInputs.titled("tonno evaluate: " + method));
            }
            spec.commandLine().getOut().print(json);
            spec.commandLine().getOut().flush();
            return 0;
        });
    }

    MethodResult run() throws IOException, InvalidInputException {
        Normalization norm = scoring.normalization();
        Connectivity conn = scoring.connectivity();
        ForegroundRestriction restriction =
                foreground == null ? ForegroundRestriction.NONE : ForegroundRestriction.INSIDE_FOREGROUND;
        List<Pair> cases = pairs(pred, truth, foreground, "--pred", "--truth", "--foreground");
        CalibratedEvaluation evaluation =
                new CalibratedEvaluation(new CalibratedEvaluation.Options(norm, restriction, conn, diceBothEmpty));

        Evaluator.Accumulator acc;
        if (choice.calibrate != null) {
            Path dir = choice.calibrate;
            Path calibForeground = restriction == ForegroundRestriction.NONE ? null : dir.resolve("foreground");
            List<Pair> calib = pairs(
                    dir.resolve("pred"),
                    dir.resolve("truth"),
                    calibForeground,
                    "--calibrate pred/",
                    "--calibrate truth/",
                    "--calibrate foreground/");
            acc = evaluation.start(
                    method, layer, evaluation.calibrate(dir.toString(), calib.size(), i -> load(calib.get(i))));
        } else {
            if (!Double.isFinite(choice.threshold)) {
                throw new InvalidInputException("command line", "--threshold", "must be a finite number");
            }
            acc = evaluation.start(method, layer, choice.threshold, null);
        }
        for (Pair p : cases) {
            acc.add(load(p));
        }
        return acc.finish();
    }

    /**
     * Reads one case's files and checks that they share a shape, naming the offending file; its label is 1 when
     * its mask is non-empty.
     */
    private static EvaluationCase load(Pair p) throws IOException, InvalidInputException {
        Volume heat = Nifti.read(p.pred());
        Volume truth = Nifti.read(p.truth());
        checkShape(heat, truth, p.pred(), p.truth());
        Volume fg = null;
        if (p.foreground() != null) {
            fg = Nifti.read(p.foreground());
            checkShape(heat, fg, p.pred(), p.foreground());
        }
        return EvaluationCase.withMask(p.id(), heat, truth, fg, Masks.any(truth) ? 1 : 0);
    }

    private static void checkShape(Volume ref, Volume other, Path refPath, Path otherPath)
            throws InvalidInputException {
        if (!ref.sameShape(other)) {
            throw new InvalidInputException(
                    otherPath.toString(),
                    "dim",
                    "shape " + Arrays.toString(other.shape()) + " differs from " + Arrays.toString(ref.shape()) + " of "
                            + refPath);
        }
    }

    /** Pairs files (or directories matched by case id); every prediction needs a mask (and a foreground). */
    static List<Pair> pairs(
            Path predPath, Path truthPath, Path fgPath, String predName, String truthName, String fgName)
            throws IOException, InvalidInputException {
        if (!Files.exists(predPath)) {
            throw new InvalidInputException(predPath.toString(), predName, "does not exist");
        }
        if (!Files.exists(truthPath)) {
            throw new InvalidInputException(truthPath.toString(), truthName, "does not exist");
        }
        if (fgPath != null && !Files.exists(fgPath)) {
            throw new InvalidInputException(fgPath.toString(), fgName, "does not exist");
        }
        if (!Files.isDirectory(predPath)) {
            if (Files.isDirectory(truthPath) || (fgPath != null && Files.isDirectory(fgPath))) {
                throw new InvalidInputException(
                        truthPath.toString(), truthName, "must be a file when " + predName + " is a file");
            }
            return List.of(new Pair(caseId(predPath), predPath, truthPath, fgPath));
        }
        List<Pair> out = new ArrayList<>();
        for (Path p : niftiFiles(predPath)) {
            String id = caseId(p);
            Path t = find(truthPath, id, truthName);
            Path f = fgPath == null ? null : find(fgPath, id, fgName);
            out.add(new Pair(id, p, t, f));
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(predPath.toString(), predName, "holds no .nii or .nii.gz files");
        }
        return out;
    }

    private static Path find(Path dir, String id, String name) throws InvalidInputException {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir.toString(), name, "must be a directory when the predictions are");
        }
        for (String ext : new String[] {".nii.gz", ".nii"}) {
            Path p = dir.resolve(id + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new InvalidInputException(
                dir.toString(), name, "has no " + id + ".nii.gz or " + id + ".nii for case " + id);
    }

    private static List<Path> niftiFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && isNifti(p)).sorted().toList();
        }
    }

    private static boolean isNifti(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".nii") || n.endsWith(".nii.gz");
    }

    static String caseId(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".nii.gz")
                ? n.substring(0, n.length() - 7)
                : n.endsWith(".nii") ? n.substring(0, n.length() - 4) : n;
    }
}
