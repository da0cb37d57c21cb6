package io.tonno.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.evaluation.calibration.BinarizationSettings;
import io.tonno.evaluation.calibration.ForegroundRestriction;
import io.tonno.evaluation.calibration.Normalization;
import io.tonno.evaluation.metrics.DetectionCounts;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    static Volume row(double spacing, float... values) {
        Volume v = Volume.zeros(
                new int[] {values.length, 1, 1},
                new double[] {spacing, 1, 1},
                Volume.diagonalAffine(new double[] {spacing, 1, 1}));
        System.arraycopy(values, 0, v.data(), 0, values.length);
        return v;
    }

    private static final EvaluationSettings RAW_HALF =
            EvaluationSettings.defaults(new BinarizationSettings(Normalization.RAW, 0.5, ForegroundRestriction.NONE));

    @Test
    void scoresMaskedPositiveAndUnannotatedNegativeCasesAndPoolsThem() {
        EvaluationCase a = new EvaluationCase(
                "a", row(2, 0.9f, 0.9f, 0, 0, 0.7f, 0), row(2, 0, 1, 1, 0, 0, 0), null, null, 1, 4.0);
        EvaluationCase b = new EvaluationCase("b", row(1, 0, 0, 0.8f, 0), null, null, null, 0, 2.0);
        EvaluationCase c = new EvaluationCase("c", row(1, 0, 0.1f, 0, 0), null, null, null, 0, Double.NaN);
        MethodResult r = new Evaluator(RAW_HALF).evaluate("ToNNO", null, null, List.of(a, b, c));

        CaseMetrics ma = r.cases().get(0);
        // Prediction {0,1} and {4}; truth {1,2}: Dice 2*1/(3+2); one of two predicted components hits.
        assertEquals(new DetectionCounts(1, 1, 2, 1), ma.detection());
        assertEquals(0.4, ma.dice(), 1e-12);
        // Surface distances in voxels: pred->truth {1,0,2} -> p95 1.9; truth->pred {0,1} -> 0.95; 2 mm voxels.
        assertEquals(3.8, ma.hd95(), 1e-12);
        assertEquals(3, ma.predictedVoxels());
        assertEquals(2, ma.truthVoxels());

        CaseMetrics mb = r.cases().get(1);
        assertEquals(new DetectionCounts(0, 0, 1, 0), mb.detection());
        assertEquals(0.0, mb.dice());
        assertEquals(Double.POSITIVE_INFINITY, mb.hd95());

        CaseMetrics mc = r.cases().get(2);
        assertFalse(mc.predictedPositive());
        assertEquals(1.0, mc.dice());
        assertEquals(Double.NaN, mc.hd95());

        PooledMetrics p = r.pooled();
        assertEquals(new DetectionCounts(1, 1, 3, 1), p.detection());
        assertEquals(1.0 / 3.0, p.precision(), 1e-12);
        assertEquals(1.0, p.recall(), 1e-12);
        assertEquals(0.5, p.f1(), 1e-12);
        assertEquals((0.4 + 0 + 1) / 3, p.meanDice(), 1e-12);
        assertEquals(3, p.diceVolumes());
        // Positive volume found; one of two negatives wrongly positive.
        assertEquals(0.75, p.balancedAccuracy(), 1e-12);
        // Peaks 0.9 (positive) against 0.8 and 0.1: the positive ranks above both negatives.
        assertEquals(0.9f, ma.peak(), 1e-7);
        assertEquals(0.8f, mb.peak(), 1e-7);
        assertEquals(1.0, p.volumeAuc(), 1e-12);
        assertEquals(3.8, p.meanHd95(), 1e-12);
        assertEquals(1, p.hd95Volumes());
        assertEquals(2, p.hd95NotFinite());
        assertEquals(3.0, p.meanSeconds(), 1e-12);
        assertFalse(p.boxOnly());
        assertNull(r.calibration());
    }

    @Test
    void volumeAucRanksTheHeatmapPeaksWhereBinarizationMayMark() {
        // Positive p: peak 5 outside the body, 0.6 inside; negatives: 9 outside / 0.7 inside, and 0.6 inside (a tie).
        // q, a positive without any annotation, still has a label and a peak (0.65). r's body is empty: no peak.
        EvaluationCase p = new EvaluationCase(
                "p", row(1, 5, 0.2f, 0.6f, Float.NaN), null, null, row(1, 0, 1, 1, 1), 1, Double.NaN);
        EvaluationCase n1 =
                new EvaluationCase("n1", row(1, 0.7f, 0.3f, 0, 9), null, null, row(1, 1, 1, 0, 0), 0, Double.NaN);
        EvaluationCase n2 =
                new EvaluationCase("n2", row(1, 0.1f, 0.5f, 0.6f, 0), null, null, row(1, 0, 1, 1, 1), 0, Double.NaN);
        EvaluationCase q =
                new EvaluationCase("q", row(1, 0.65f, 0, 0, 0), null, null, row(1, 1, 0, 0, 0), 1, Double.NaN);
        EvaluationCase r =
                new EvaluationCase("r", row(1, 50, 50, 50, 50), null, null, row(1, 0, 0, 0, 0), 0, Double.NaN);
        List<EvaluationCase> cases = List.of(p, n1, n2, q, r);
        MethodResult inside = new Evaluator(EvaluationSettings.defaults(new BinarizationSettings(
                        Normalization.PER_VOLUME_MAX, 0.5, ForegroundRestriction.INSIDE_FOREGROUND)))
                .evaluate("ToNNO", null, null, cases);
        assertEquals(
                List.of(0.6f, 0.7f, 0.6f, 0.65f),
                inside.cases().subList(0, 4).stream().map(c -> (float) c.peak()).toList());
        assertTrue(Double.isNaN(inside.cases().get(4).peak()));
        // Pairs (positive, negative): p-n1 0, p-n2 ½ (tie), q-n1 0, q-n2 1: 1.5 of 4. The normalization does not
        // enter (a per-volume maximum would make every peak 1).
        assertEquals(0.375, inside.pooled().volumeAuc(), 1e-12);
        // Without the restriction every non-NaN voxel counts: peaks 5, 9, 0.6, 0.65, 50 (r now counts).
        MethodResult everywhere = new Evaluator(RAW_HALF).evaluate("ToNNO", null, null, cases);
        assertEquals(5.0, everywhere.cases().get(0).peak(), 1e-12);
        // p above n2 only; q above n2 only: 2 of 6 pairs.
        assertEquals(2.0 / 6.0, everywhere.pooled().volumeAuc(), 1e-12);
        // One class alone: undefined.
        assertTrue(Double.isNaN(new Evaluator(RAW_HALF)
                .evaluate("ToNNO", null, null, List.of(n1, n2))
                .pooled()
                .volumeAuc()));
    }

    @Test
    void scoresBoxOnlyCasesWithMaxIoU() {
        Volume heat = Volume.zeros(4, 4, 1);
        heat.set(1, 1, 0, 1f);
        heat.set(2, 1, 0, 1f);
        EvaluationCase d = new EvaluationCase("d", heat, null, List.of(new Box(1, 1, 0, 2, 2, 0)), null, 1, Double.NaN);
        MethodResult r = new Evaluator(RAW_HALF).evaluate("LayerCAM", "layer2", null, List.of(d));
        // Predicted box (1..2, 1..1) has 2 voxels inside the 4-voxel truth box: IoU 0.5.
        assertEquals(0.5, r.cases().get(0).maxIoU(), 1e-12);
        assertEquals(Double.NaN, r.cases().get(0).dice());
        assertTrue(r.pooled().boxOnly());
        assertEquals(1.0, r.pooled().f1(), 1e-12);
        assertEquals("layer2", r.layer());
    }

    @Test
    void boxDatasetWithUnannotatedNegativesIsStillScoredByMaxIoU() {
        Volume heat = Volume.zeros(4, 4, 1);
        heat.set(1, 1, 0, 1f);
        EvaluationCase pos =
                new EvaluationCase("p", heat, null, List.of(new Box(1, 1, 0, 1, 1, 0)), null, 1, Double.NaN);
        Volume noisy = Volume.zeros(4, 4, 1);
        noisy.set(3, 3, 0, 1f);
        EvaluationCase neg = new EvaluationCase("n", noisy, null, List.of(), null, 0, Double.NaN);
        MethodResult r = new Evaluator(RAW_HALF).evaluate("ToNNO", null, null, List.of(pos, neg));
        assertEquals(CaseMetrics.Annotation.BOXES, r.cases().get(0).annotation());
        assertEquals(CaseMetrics.Annotation.ASSUMED_EMPTY, r.cases().get(1).annotation());
        assertTrue(r.pooled().boxOnly());
        assertEquals(1.0, r.pooled().meanMaxIoU(), 1e-12);
        // The negative's blob is a false positive component.
        assertEquals(new DetectionCounts(1, 1, 2, 1), r.pooled().detection());
    }

    @Test
    void positiveCaseWithoutAnnotationCountsOnlyForBalancedAccuracy() {
        EvaluationCase e = new EvaluationCase("e", row(1, 1f, 0), null, null, null, 1, Double.NaN);
        MethodResult r = new Evaluator(RAW_HALF).evaluate("m", null, null, List.of(e));
        assertNull(r.cases().get(0).detection());
        assertEquals(CaseMetrics.Annotation.NONE, r.cases().get(0).annotation());
        assertEquals(Double.NaN, r.pooled().meanDice());
        assertEquals(1.0, r.pooled().balancedAccuracy());
    }

    @Test
    void foregroundRestrictionNeedsAForegroundPerCase() {
        Evaluator ev = new Evaluator(EvaluationSettings.defaults(
                new BinarizationSettings(Normalization.RAW, 0.5, ForegroundRestriction.INSIDE_FOREGROUND)));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ev.score(new EvaluationCase("q3", row(1, 1f), row(1, 1f), null, null, 1, Double.NaN)));
        assertTrue(e.getMessage().contains("q3"));
        // Inside the foreground only: the strong voxel outside it is ignored.
        CaseMetrics m =
                ev.score(new EvaluationCase("q4", row(1, 9f, 0.8f), row(1, 0, 1), null, row(1, 0, 1), 1, Double.NaN));
        assertEquals(1.0, m.dice());
    }

    @Test
    void rejectsVolumesOfDifferentShapesNamingTheCase() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new EvaluationCase("x7", row(1, 1f, 0), row(1, 1f), null, null, 1, Double.NaN));
        assertTrue(e.getMessage().contains("x7"));
    }
}
