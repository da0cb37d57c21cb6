package io.tonno.tomography;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.Volume;
import io.tonno.imaging.stats.Correlation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptiveOffsetsTest {
    /** A ball with structure in a zero cube, and the settings of a body-offset reconstruction of it. */
    private static final Volume BALL = SamplingSchemesTest.body(24);

    private static ReconstructionSettings body(int directions, int slices) {
        return ReconstructionSettings.of(directions, slices, 20)
                .withResources(2, 16)
                .withScheme(DirectionLattice.SPHERE, true);
    }

    @Test
    void theSinogramIsTheFullOnesInterpolationAndCostsOnlyTheScoredSlices() {
        ReconstructionSettings full = body(40, 40);
        ReconstructionSettings adaptive = full.withAdaptiveOffsets(1e-3);
        SamplingSchemesTest.WeightedScorer fullScorer = new SamplingSchemesTest.WeightedScorer(false);
        SamplingSchemesTest.WeightedScorer adaptiveScorer = new SamplingSchemesTest.WeightedScorer(false);
        Sinogram reference = new Reconstruction(full).sinogram(BALL, fullScorer);
        Sinogram got = new Reconstruction(adaptive).sinogram(BALL, adaptiveScorer);
        // The weighted scorer's result for a slice does not depend on its batch, so scoring some slices and
        // interpolating the others is the interpolation of the full sinogram from the same slices.
        OffsetInterpolation.Result simulated =
                OffsetInterpolation.interpolate(reference, BALL, adaptive, AdaptiveOffsets.STRIDE, 1e-3);
        assertArrayEquals(simulated.sinogram().scores(), got.scores(), 0.0);
        assertEquals(simulated.kept() + 1, adaptiveScorer.slices, "the kept slices and the all-zero one");
        assertEquals(simulated.inBody() + 1, fullScorer.slices);
        double fraction = adaptiveScorer.slices / (double) fullScorer.slices;
        System.out.printf(
                "adaptive offsets: %d of %d body slices scored (%.3f)%n",
                adaptiveScorer.slices, fullScorer.slices, fraction);
        assertTrue(fraction > 0.25 && fraction < 0.9, "refined some of the grid's gaps, not all: " + fraction);
        assertNotEquals(
                java.util.Arrays.toString(reference.scores()),
                java.util.Arrays.toString(got.scores()),
                "the unscored slices are interpolated, not the full scores");
    }

    @Test
    void toleranceZeroScoresEveryBodySliceAndGivesTheFullSinogram() {
        ReconstructionSettings full = body(20, 30);
        Sinogram reference = new Reconstruction(full).sinogram(BALL, new SamplingSchemesTest.WeightedScorer(false));
        Sinogram got = new Reconstruction(full.withAdaptiveOffsets(0.0))
                .sinogram(BALL, new SamplingSchemesTest.WeightedScorer(false));
        assertArrayEquals(reference.scores(), got.scores(), 0.0);
    }

    /**
     * A scorer whose result moves in the last bits with the batch's size and the slice's place in it, as a network's
     * does: chunks that cut the blocks of directions anywhere still give the whole sinogram bit for bit.
     */
    @Test
    void chunkedSinogramsEqualTheWholeOneForABatchDependentScorer() {
        SliceScorer batchDependent = new SliceScorer() {
            final SamplingSchemesTest.WeightedScorer inner = new SamplingSchemesTest.WeightedScorer(true);

            @Override
            public void score(float[] slices, int count, int height, int width, double[] out) {
                inner.score(slices, count, height, width, out);
                for (int i = 0; i < count; i++) {
                    out[i] += 1e-9 * count + 1e-10 * i;
                }
            }
        };
        ReconstructionSettings settings = body(50, 30).withAdaptiveOffsets(1e-3);
        Reconstruction rec = new Reconstruction(settings);
        Sinogram whole = rec.sinogram(BALL, batchDependent);
        List<Sinogram> parts = new ArrayList<>();
        for (DirectionChunk c : new DirectionChunk[] {
            new DirectionChunk(0, 7), new DirectionChunk(7, 26), new DirectionChunk(33, 1), new DirectionChunk(34, 16)
        }) {
            parts.add(rec.sinogram(BALL, batchDependent, c));
        }
        assertArrayEquals(whole.scores(), Sinogram.merge(parts).scores(), 0.0);
        // With a batch size that differs, the batch-dependent part of the scores differs: the test can fail.
        Sinogram otherBatch = new Reconstruction(settings.withResources(2, 5)).sinogram(BALL, batchDependent);
        assertTrue(!java.util.Arrays.equals(whole.scores(), otherBatch.scores()), "other batches, other last bits");
    }

    /** On a smooth scorer (Radon sums of a smooth phantom) the heatmap barely moves, for well under the calls. */
    @Test
    void aSmoothScorersHeatmapIsKeptForFewerCalls() {
        Volume v = Phantoms.smoothStructure(24);
        ReconstructionSettings full = ReconstructionSettings.of(400, 100, 24).withResources(2, 0);
        Reconstruction rec = new Reconstruction(full);
        Sinogram reference = rec.sinogram(v, new RadonSumScorer());
        double largest = Metrics.maxAbs(reference.scores());
        float[] want = rec.backproject(reference, v.shape()).toVolume(v).data();
        // A tolerance of 3e-3 of the largest sum: about what the default 0.05 is against a network's logits.
        long[] calls = new long[1];
        float[] got = new Reconstruction(full.withAdaptiveOffsets(3e-3 * largest))
                .tonno(v, new RadonSumScorer(), v.shape(), new Timings(n -> calls[0] += n))
                .data();
        double corr = Correlation.pearson(want, got);
        System.out.printf(
                "radon-sum, adaptive offsets: %d of %d calls, correlation %.6f%n", calls[0], 400L * 102, corr);
        // Measured: 15,562 of 40,800 calls, correlation 0.99961.
        assertTrue(corr > 0.999, "correlation " + corr);
        assertTrue(calls[0] < 0.5 * 400 * 102, calls[0] + " calls");
    }

    @Test
    void theToleranceMustBeFiniteAndNotNegativeAndImpliesBodyOffsets() {
        ReconstructionSettings s = ReconstructionSettings.of(10, 10, 8);
        assertTrue(s.withAdaptiveOffsets(0.05).bodyOffsets());
        assertEquals(0.05, s.withAdaptiveOffsets(0.05).adaptiveOffsets());
        assertEquals(
                null,
                s.withAdaptiveOffsets(0.05)
                        .withResources(1, 2)
                        .withAdaptiveOffsets(null)
                        .adaptiveOffsets());
        for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.withAdaptiveOffsets(bad));
            assertTrue(e.getMessage().contains("adaptive offsets"), e.getMessage());
        }
    }
}
