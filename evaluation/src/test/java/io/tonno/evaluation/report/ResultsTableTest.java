package io.tonno.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.evaluation.CaseMetrics;
import io.tonno.evaluation.EvaluationSettings;
import io.tonno.evaluation.Evaluator;
import io.tonno.evaluation.MethodResult;
import io.tonno.evaluation.calibration.BinarizationSettings;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.calibration.Normalization;
import io.tonno.evaluation.metrics.DetectionCounts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTableTest {
    private static final EvaluationSettings S = EvaluationSettings.defaults(
            new BinarizationSettings(Normalization.percentile(99), 0.25, ForegroundRestriction.NONE));

    /** A result whose pooled F1 and Dice are set by one case's counts and Dice. */
    private static MethodResult result(String method, String layer, DetectionCounts d, double dice, double seconds) {
        List<CaseMetrics> cases = List.of(new CaseMetrics(
                "c", CaseMetrics.Annotation.MASK, 1, true, 10, 10, d, dice, Double.NaN, 2.0, 3.0, seconds));
        return new MethodResult(method, layer, S, null, cases, Evaluator.pool(cases, S));
    }

    @Test
    void comparesEveryRowToTheBestLayerCamRow() {
        List<MethodResult> rs = List.of(
                result("LayerCAM", "layer1", new DetectionCounts(2, 1, 2, 1), 0.3, 1.0), // F1 0.5
                result("layer-cam", "layer2", new DetectionCounts(4, 3, 4, 3), 0.4, 1.0), // F1 0.75: reference
                result("ToNNO", null, new DetectionCounts(1, 1, 1, 1), 0.6, 40.0)); // F1 1
        ResultsTable t = ResultsTable.of(rs);
        assertFalse(t.rows().get(0).reference());
        assertTrue(t.rows().get(1).reference());
        assertEquals(0.25, t.rows().get(2).deltaF1(), 1e-12);
        assertEquals(0.2, t.rows().get(2).deltaOverlap(), 1e-12);
        assertEquals(-0.25, t.rows().get(0).deltaF1(), 1e-12);
        assertEquals(
                List.of(
                        "ToNNO",
                        "",
                        "1.000",
                        "1.000",
                        "1.000",
                        "0.600",
                        "1.000",
                        "—", // volume AUC: one volume, one class
                        "2.00",
                        "+0.250",
                        "+0.200",
                        "40.00",
                        "percentile:99",
                        "0.25"),
                t.cells().get(2));
        String md = t.toMarkdown();
        assertTrue(md.startsWith("| Method | Layer | Precision |"), md);
        assertTrue(md.contains("| LayerCAM | layer1 | 0.500 | 0.500 | 0.500 |"), md);
        assertTrue(
                md.contains("| layer-cam | layer2 | 0.750 | 0.750 | 0.750 | 0.400 | 1.000 | — | 2.00 | ref | ref |"),
                md);
    }

    @Test
    void warnsWhenMaxNormalizationAndTheThresholdMarkNoVoxel() {
        List<CaseMetrics> cases = List.of(new CaseMetrics(
                "c",
                CaseMetrics.Annotation.MASK,
                1,
                true,
                10,
                0,
                new DetectionCounts(1, 0, 0, 0),
                0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                1.0));
        EvaluationSettings empty = EvaluationSettings.defaults(
                new BinarizationSettings(Normalization.PER_VOLUME_MAX, 1.0, ForegroundRestriction.INSIDE_FOREGROUND));
        EvaluationSettings marks = EvaluationSettings.defaults(
                new BinarizationSettings(Normalization.PER_VOLUME_MAX, 0.6, ForegroundRestriction.INSIDE_FOREGROUND));
        ResultsTable t = ResultsTable.of(List.of(
                new MethodResult("ToNNO", null, empty, null, cases, Evaluator.pool(cases, empty)),
                new MethodResult("LayerCAM", "layer3", marks, null, cases, Evaluator.pool(cases, marks))));
        assertEquals(1, t.warnings().size(), t.warnings().toString());
        assertTrue(
                t.warnings()
                        .get(0)
                        .startsWith("ToNNO: its calibrated threshold 1 under max normalization marks no" + " voxel"),
                t.warnings().get(0));
        assertTrue(t.toMarkdown().contains("\n> Warning: ToNNO: its calibrated threshold"), t.toMarkdown());
        // Raw heatmaps can exceed any threshold: no warning, and the Markdown is the table alone.
        ResultsTable raw = ResultsTable.of(List.of(result("ToNNO", null, new DetectionCounts(1, 1, 1, 1), 0.6, 1)));
        assertEquals(List.of(), raw.warnings());
        assertFalse(raw.toMarkdown().contains("Warning"));
    }

    @Test
    void leavesDeltasEmptyWithoutLayerCamAndNamesMaxIoUForBoxOnlyData() {
        List<CaseMetrics> cases = List.of(new CaseMetrics(
                "c",
                CaseMetrics.Annotation.BOXES,
                1,
                true,
                5,
                -1,
                new DetectionCounts(1, 1, 1, 1),
                Double.NaN,
                0.42,
                Double.NaN,
                Double.NaN,
                Double.NaN));
        MethodResult boxOnly = new MethodResult("ToNNO", null, S, null, cases, Evaluator.pool(cases, S));
        ResultsTable t = ResultsTable.of(List.of(boxOnly));
        assertEquals("MaxIoU", t.overlapName());
        assertEquals(0.42, t.rows().get(0).overlap(), 1e-12);
        assertEquals(Double.NaN, t.rows().get(0).deltaF1());
        assertTrue(t.toCsv().contains("ToNNO,,1.0,1.0,1.0,MaxIoU,0.42,"), t.toCsv());
    }

    @Test
    void quotesCsvFieldsWithCommas() {
        MethodResult r = result("GradCAM, 3 axes", "layer4", new DetectionCounts(1, 1, 1, 1), 0.5, 1);
        assertTrue(ResultsTable.of(List.of(r)).toCsv().contains("\"GradCAM, 3 axes\",layer4,"));
    }
}
