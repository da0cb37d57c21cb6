package io.tonno.evaluation.report;

import io.tonno.evaluation.CaseMetrics;
import io.tonno.evaluation.EvaluationSettings;
import io.tonno.evaluation.MethodResult;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the results and the report into one directory:
 * <pre>
 * results.json, results.csv, results.md   the table (and, in JSON, every per-case score and setting)
 * figures/cases.png                       Fig. 6 layout, when cases are given
 * figures/training.png                    training curves and the learning verdict ({@link LearningReport}),
 *                                         when a metrics log is given; the page states the verdict too
 * figures/dice_per_layer.png              Fig. 5, when LayerCAM-family methods have layers
 * index.html                              one offline page: table, figures, settings, definitions
 * </pre>
 * Each file is written under a temporary name and moved into place; {@code index.html} comes last.
 */
public final class ReportWriter {
    private ReportWriter() {}

    /**
     * @return the path of {@code index.html}
     * @throws InvalidInputException when the training log is malformed (names file and line)
     */
    public static Path write(Path dir, List<MethodResult> results, ReportInputs inputs)
            throws IOException, InvalidInputException {
        ResultsTable table = ResultsTable.of(results);
        AtomicFiles.writeBytes(
                dir.resolve("results.json"), ResultsJson.toJson(results).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.writeBytes(dir.resolve("results.csv"), table.toCsv().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.writeBytes(dir.resolve("results.md"), table.toMarkdown().getBytes(StandardCharsets.UTF_8));

        List<HtmlPage.Figure> figures = new ArrayList<>();
        if (!inputs.cases().isEmpty()) {
            Charts.writePng(CaseFigure.render(inputs.cases()), dir.resolve("figures/cases.png"));
            figures.add(new HtmlPage.Figure(
                    "figures/cases.png",
                    "Heatmaps and binarizations",
                    "Input, ground truth, and for each method its raw heatmap and its binarization, on the axial "
                            + "slice through the largest lesion (the layout of the paper's Fig. 6)."));
        }
        BufferedImage layers = DicePerLayerFigure.render(results);
        if (layers != null) {
            Charts.writePng(layers, dir.resolve("figures/dice_per_layer.png"));
            figures.add(new HtmlPage.Figure(
                    "figures/dice_per_layer.png",
                    "Dice per layer",
                    "LayerCAM, Averaged LayerCAM and Tomographic LayerCAM at each network stage (paper Fig. 5)."));
        }
        if (inputs.trainingLog() != null) {
            TrainingLog log = TrainingLog.read(inputs.trainingLog());
            LearningReport.Assessment verdict = LearningReport.assess(log, null);
            Charts.writePng(TrainingCurvesFigure.render(log, verdict), dir.resolve("figures/training.png"));
            figures.add(new HtmlPage.Figure(
                    "figures/training.png",
                    "Training curves",
                    "Slice-classifier loss, learning rate and validation metrics by step.",
                    new HtmlPage.Note(
                            verdict.sentence(),
                            switch (verdict.verdict()) {
                                case LEARNED -> "good";
                                case DID_NOT_LEARN -> "bad";
                                default -> "neutral";
                            })));
        }
        String html = HtmlPage.render(inputs.title(), table, results, figures, inputs.settings());
        Path index = dir.resolve("index.html");
        AtomicFiles.writeBytes(index, html.getBytes(StandardCharsets.UTF_8));
        return index;
    }

    /** Settings shared by all methods, for display; empty when methods differ. */
    static Map<String, String> commonSettings(List<MethodResult> results) {
        if (results.isEmpty()) {
            return Map.of();
        }
        EvaluationSettings s = results.get(0).settings();
        for (MethodResult r : results) {
            EvaluationSettings o = r.settings();
            if (o.connectivity() != s.connectivity()
                    || o.diceBothEmpty() != s.diceBothEmpty()
                    || o.zeroDivision() != s.zeroDivision()
                    || !o.hausdorff().equals(s.hausdorff())) {
                return Map.of();
            }
        }
        return Map.of(
                "Connectivity (lesion components)", s.connectivity().name(),
                "Dice when mask and prediction are both empty",
                        s.diceBothEmpty().name(),
                "Precision/recall with zero denominator", s.zeroDivision().name(),
                "Hausdorff percentile", ResultsTable.g4(s.hausdorff().percentile()),
                "HD when both masks empty / one empty",
                        s.hausdorff().whenBothEmpty() + " / " + s.hausdorff().whenOneEmpty());
    }

    /** Per-case metrics of one method, for the collapsible tables of the page. */
    static List<List<String>> caseRows(MethodResult r) {
        List<List<String>> out = new ArrayList<>();
        for (CaseMetrics c : r.cases()) {
            String det = c.detection() == null
                    ? "—"
                    : c.detection().truthDetected() + "/" + c.detection().truthComponents() + " · "
                            + c.detection().predTruePositive() + "/"
                            + c.detection().predComponents();
            out.add(List.of(
                    c.id(),
                    Integer.toString(c.label()),
                    c.predictedPositive() ? "yes" : "no",
                    Long.toString(c.predictedVoxels()),
                    c.truthVoxels() < 0 ? "—" : Long.toString(c.truthVoxels()),
                    det,
                    ResultsTable.f3(c.dice()),
                    ResultsTable.f3(c.maxIoU()),
                    ResultsTable.f2(c.hd95()),
                    ResultsTable.f2(c.seconds())));
        }
        return out;
    }
}
