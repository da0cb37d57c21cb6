package io.tonno.tomography;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.Volume;
import io.tonno.imaging.stats.Correlation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OffsetInterpolationTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    /** A volume with no zero voxel: every plane meets it, so every slice is in the body. */
    private static Volume full(int n) {
        return Phantoms.sample(n, (x, y, z) -> 1 + 0.1 * x);
    }

    private static Sinogram sinogram(ReconstructionSettings s, java.util.function.IntToDoubleFunction score) {
        int per = s.slicesPerDirection();
        double[] scores = new double[s.directions() * per];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = score.applyAsDouble(i);
        }
        return new Sinogram(s.directions(), s.lattice(), s.slices(), 0, s.directions(), scores);
    }

    @Test
    void rowsLinearInTheOffsetComeBackExactlyAndTheKeptSlicesAreCounted() {
        ReconstructionSettings s = ReconstructionSettings.of(10, 20, 8);
        int per = s.slicesPerDirection(); // 22 slices: j = 0 .. 21
        Sinogram linear = sinogram(s, i -> 3 + 0.5 * (i % per) - 0.25 * (i / per));
        OffsetInterpolation.Result r = OffsetInterpolation.interpolate(linear, full(8), s, 3, INF);
        assertArrayEquals(linear.scores(), r.sinogram().scores(), 1e-12);
        // j = 0, 3, ..., 21 per direction (21 is both on the grid and the last).
        assertEquals(10L * 8, r.kept());
        assertEquals(10L * per, r.inBody());
        // Stride 4: j = 0, 4, ..., 20 and the last, 21.
        assertEquals(
                10L * 7,
                OffsetInterpolation.interpolate(linear, full(8), s, 4, INF).kept());
    }

    @Test
    void keptAndOutsideTheBodySlicesKeepTheirScoresBitForBit() {
        Volume ball = SamplingSchemesTest.body(16);
        ReconstructionSettings s = ReconstructionSettings.of(30, 24, 12).withScheme(DirectionLattice.SPHERE, true);
        SplittableRandom random = new SplittableRandom(7);
        Sinogram rough = sinogram(s, i -> random.nextGaussian());
        PlaneSupport support = PlaneSupport.body(ball, s.directionSet(), s);
        int per = s.slicesPerDirection();

        OffsetInterpolation.Result r = OffsetInterpolation.interpolate(rough, ball, s, 2, INF);
        long kept = 0;
        long inBody = 0;
        int interpolated = 0;
        for (int l = 0; l < s.directions(); l++) {
            int f = support.first(l);
            int c = support.count(l);
            inBody += c;
            kept += c == 0 ? 0 : (c + 1) / 2 + ((c - 1) % 2 == 0 ? 0 : 1);
            for (int j = 0; j < per; j++) {
                double want = rough.scores()[l * per + j];
                double got = r.sinogram().scores()[l * per + j];
                boolean keptSlice = j < f || j >= f + c || (j - f) % 2 == 0 || j == f + c - 1;
                if (keptSlice) {
                    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), "l=" + l + " j=" + j);
                } else if (got != want) {
                    interpolated++;
                }
            }
        }
        assertEquals(kept, r.kept());
        assertEquals(inBody, r.inBody());
        assertTrue(inBody < (long) s.directions() * per, "the ball misses some planes");
        assertTrue(interpolated > 0, "the other in-body slices are interpolated, not copied");
        // Stride 1 keeps everything.
        OffsetInterpolation.Result all = OffsetInterpolation.interpolate(rough, ball, s, 1, INF);
        assertArrayEquals(rough.scores(), all.sinogram().scores(), 0.0);
        assertEquals(inBody, all.kept());
    }

    @Test
    void refinementKeepsEverySliceAtToleranceZeroAndOnlyTheGridAtAnEnormousOne() {
        ReconstructionSettings s = ReconstructionSettings.of(12, 30, 8);
        SplittableRandom random = new SplittableRandom(3);
        Sinogram rough = sinogram(s, i -> random.nextGaussian());
        Volume v = full(8);
        OffsetInterpolation.Result zero = OffsetInterpolation.interpolate(rough, v, s, 4, 0);
        assertArrayEquals(rough.scores(), zero.sinogram().scores(), 0.0);
        assertEquals(zero.inBody(), zero.kept());
        OffsetInterpolation.Result huge = OffsetInterpolation.interpolate(rough, v, s, 4, 1e9);
        OffsetInterpolation.Result grid = OffsetInterpolation.interpolate(rough, v, s, 4, INF);
        assertArrayEquals(grid.sinogram().scores(), huge.sinogram().scores(), 0.0);
        assertEquals(grid.kept(), huge.kept());
        // In between: a parabola needs no refinement, a bump that the grid slices only touch does. Row 0 a
        // parabola, row 1 the parabola with a bump of width 2 slices at j = 14, between grid slices 12 and 16.
        int per = s.slicesPerDirection();
        Sinogram shaped = sinogram(s, i -> {
            int j = i % per;
            int l = i / per;
            double bump = l == 1 ? 5 * Math.exp(-(j - 14) * (j - 14) / 4.0) : 0;
            return 0.01 * (j - 15) * (j - 15) + bump;
        });
        OffsetInterpolation.Result refined = OffsetInterpolation.interpolate(shaped, v, s, 4, 0.05);
        assertEquals(
                shaped.scores()[per + 14],
                refined.sinogram().scores()[per + 14],
                0.0,
                "the bump's top between two grid slices is found and kept");
        assertTrue(refined.kept() > grid.kept() && refined.kept() < grid.inBody(), "refined " + refined.kept());
        for (int j = 0; j < per; j++) {
            assertEquals(shaped.scores()[j], refined.sinogram().scores()[j], 0.02, "the parabola, j=" + j);
        }
    }

    /**
     * A smooth scorer's sinogram is smooth along the offset, so every other slice predicts the rest and the heatmap
     * barely moves; independent per-slice roughness of 2 % of the scores' spread, which the inversion's second
     * difference amplifies, is not predictable and moves it a lot. The network's sinograms behave like the second
     * (docs/tomography.md).
     */
    @Test
    void aSmoothSinogramInterpolatesToTheSameHeatmapARoughOneDoesNot() {
        Volume v = Phantoms.smoothStructure(20);
        ReconstructionSettings s = ReconstructionSettings.of(300, 40, 20).withResources(2, 0);
        Reconstruction rec = new Reconstruction(s);
        Sinogram smooth = rec.sinogram(v, new RadonSumScorer());
        double amplitude = 0.02 * Metrics.maxAbs(smooth.scores());
        SplittableRandom random = new SplittableRandom(11);
        double[] noisy = smooth.scores().clone();
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += amplitude * random.nextGaussian();
        }
        Sinogram rough = new Sinogram(s.directions(), s.lattice(), s.slices(), 0, s.directions(), noisy);
        double smoothCorr = correlation(rec, v, smooth, 2);
        double roughCorr = correlation(rec, v, rough, 2);
        System.out.printf("stride 2: smooth sinogram corr %.5f, rough corr %.5f%n", smoothCorr, roughCorr);
        assertTrue(smoothCorr > 0.999, "smooth: " + smoothCorr);
        assertTrue(roughCorr < 0.9, "rough: " + roughCorr);
    }

    private static double correlation(Reconstruction rec, Volume v, Sinogram reference, int stride) {
        float[] want = rec.backproject(reference, v.shape()).toVolume(v).data();
        Sinogram cut = OffsetInterpolation.interpolate(reference, v, rec.settings(), stride, INF)
                .sinogram();
        float[] got = rec.backproject(cut, v.shape()).toVolume(v).data();
        return Correlation.pearson(got, want);
    }

    @Test
    void aSinogramOfOtherSettingsAStrideBelowOneOrABadToleranceIsRefused() {
        ReconstructionSettings s = ReconstructionSettings.of(10, 20, 8);
        Sinogram sg = sinogram(s, i -> 0);
        Volume v = full(8);
        IllegalArgumentException other = assertThrows(
                IllegalArgumentException.class,
                () -> OffsetInterpolation.interpolate(sg, v, ReconstructionSettings.of(12, 20, 8), 2, INF));
        assertTrue(other.getMessage().contains("L = 10") && other.getMessage().contains("L = 12"), other.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OffsetInterpolation.interpolate(sg, v, s, 0, INF));
        assertThrows(IllegalArgumentException.class, () -> OffsetInterpolation.interpolate(sg, v, s, 2, -1));
        assertThrows(IllegalArgumentException.class, () -> OffsetInterpolation.interpolate(sg, v, s, 2, Double.NaN));
    }
}
