package io.tonno.tomography;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.Volume;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reconstruction variants of {@link Inversion} on real sinograms of phantoms. */
class InversionTest {
    private static final int N = 40;
    private static final double RADIUS = 0.35;
    private static final ReconstructionSettings SETTINGS = ReconstructionSettings.of(600, 48, 64);

    private static Volume ball() {
        return Phantoms.sample(N, (x, y, z) -> x * x + y * y + z * z <= RADIUS * RADIUS ? 1 : 0);
    }

    private static Sinogram saturated(Volume ball, double k) {
        return new Reconstruction(SETTINGS).sinogram(ball, new SaturatingScorer(k, Math.PI * RADIUS * RADIUS));
    }

    /** Heatmap at the centre voxel over its maximum. */
    private static double centreOverPeak(PartialVolume heat) {
        double[] d = heat.data();
        double peak = Double.NEGATIVE_INFINITY;
        for (double v : d) {
            peak = Math.max(peak, v);
        }
        int c = N / 2;
        return d[(c * N + c) * N + c] / peak;
    }

    @Test
    void aSteeplySaturatedBallStaysFilledUnderTheBackprojectionAndIsHollowUnderThePaper() {
        Sinogram sinogram = saturated(ball(), 20);
        int[] shape = {N, N, N};
        double paper = centreOverPeak(SinogramBackprojector.backproject(sinogram, Inversion.PAPER, shape, 0));
        double plain = centreOverPeak(SinogramBackprojector.backproject(
                sinogram, Inversion.parse("backprojection", null, "inversion"), shape, 0));
        double half = centreOverPeak(SinogramBackprojector.backproject(
                sinogram, Inversion.parse("fractional:1", null, "inversion"), shape, 0));
        System.out.printf(
                "ball r=%.2f, tanh(20 a/a_max): centre/peak paper %.3f, fractional:1 %.3f, plain %.3f%n",
                RADIUS, paper, half, plain);
        assertTrue(paper <= 0.1, "paper centre/peak " + paper);
        assertTrue(plain >= 0.9, "backprojection centre/peak " + plain);
        assertTrue(half > paper && half < plain, "fractional:1 between the two: " + half);
    }

    @Test
    void aLinearlyScoredBallIsFilledUnderThePaper() {
        Volume ball = ball();
        Sinogram linear = new Reconstruction(SETTINGS).sinogram(ball, new RadonSumScorer());
        double paper =
                centreOverPeak(SinogramBackprojector.backproject(linear, Inversion.PAPER, new int[] {N, N, N}, 0));
        assertTrue(paper >= 0.9, "centre/peak " + paper);
    }

    @Test
    void fractionalOfOrderTwoIsThePaper() {
        Sinogram sinogram = saturated(ball(), 3);
        int[] shape = {N, N, N};
        double[] paper = SinogramBackprojector.backproject(sinogram, Inversion.PAPER, shape, 0)
                .data();
        double[] two = SinogramBackprojector.backproject(
                        sinogram, Inversion.parse("fractional:2", null, "inversion"), shape, 0)
                .data();
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < paper.length; i++) {
            scale = Math.max(scale, Math.abs(paper[i]));
            worst = Math.max(worst, Math.abs(paper[i] - two[i]));
        }
        assertTrue(scale > 0);
        assertTrue(worst <= 1e-12 * scale, "max difference " + worst + " of " + scale);
    }

    @Test
    void theFractionalKernelIsTheKnownOneAndItsTailsAreExact() {
        int n = 30;
        double[] g = Inversion.kernel(1, n);
        for (int j = 0; j < n; j++) {
            assertEquals(-4 / (Math.PI * (4.0 * j * j - 1)), g[j], 1e-13, "g_" + j + " of order 1");
        }
        double[] two = Inversion.kernel(2, n);
        assertEquals(2, two[0], 1e-13);
        assertEquals(-1, two[1], 1e-13);
        assertEquals(0, two[2], 1e-13);
        // Tails against a long direct sum (order 1.5 decays as j^-2.5).
        double[] g15 = Inversion.kernel(1.5, 200_000);
        double[] short15 = Inversion.kernel(1.5, n);
        for (int j = 1; j < n; j++) {
            double direct = 0;
            for (int i = 200_000 - 1; i >= j; i--) {
                direct += g15[i];
            }
            assertEquals(direct, short15[n + j], 1e-6, "tail from " + j);
        }
        assertEquals(Math.log(24), Inversion.logGamma(5), 1e-13);
        assertEquals(0.5 * Math.log(Math.PI), Inversion.logGamma(0.5), 1e-13);
    }

    @Test
    void everyVariantIgnoresAConstantScoreAndAddsUpOverChunks() {
        Volume ball = ball();
        Reconstruction rec = new Reconstruction(SETTINGS);
        SliceScorer shifted = (slices, count, h, w, scores) -> {
            new SaturatingScorer(5, Math.PI * RADIUS * RADIUS).score(slices, count, h, w, scores);
            for (int b = 0; b < count; b++) {
                scores[b] = 4 * scores[b] - 2;
            }
        };
        int[] shape = {N, N, N};
        for (String[] v : new String[][] {
            {"paper", "logit"}, {"backprojection", "logit"}, {"fractional:0.5", "logit"}, {"backprojection", "sigmoid"}
        }) {
            Inversion inv = Inversion.parse(v[0], v[1], "inversion");
            Sinogram constant = new Sinogram(
                    SETTINGS.directions(),
                    DirectionLattice.SPHERE,
                    SETTINGS.slices(),
                    0,
                    SETTINGS.directions(),
                    filled(SETTINGS.directions() * (SETTINGS.slices() + 2), 1.7));
            for (double x :
                    SinogramBackprojector.backproject(constant, inv, shape, 0).data()) {
                assertEquals(0, x, 1e-12, inv.filterId() + " of a constant");
            }
            double[] whole = SinogramBackprojector.backproject(rec.sinogram(ball, shifted), inv, shape, 2)
                    .data();
            List<Sinogram> parts = new ArrayList<>();
            for (DirectionChunk c : DirectionChunk.split(SETTINGS.directions(), 7)) {
                parts.add(rec.sinogram(ball, shifted, c));
            }
            PartialVolume sum = PartialVolume.zeros(shape);
            for (Sinogram p : parts) {
                sum.add(SinogramBackprojector.backproject(p, inv, shape, 1));
            }
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < whole.length; i++) {
                scale = Math.max(scale, Math.abs(whole[i]));
                worst = Math.max(worst, Math.abs(whole[i] - sum.data()[i]));
            }
            assertTrue(scale > 0, inv.filterId());
            assertTrue(
                    worst <= 1e-12 * scale, inv.filterId() + "/" + inv.scores().id() + ": chunks differ by " + worst);
        }
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void badVariantsAreRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Inversion.parse("fractional:3", null, "methods[0].inversion"));
        assertTrue(e.getMessage().contains("methods[0].inversion"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Inversion.parse("ramp", null, "methods[0].inversion"));
        assertTrue(e.getMessage().contains("paper, backprojection or fractional:ALPHA"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> Inversion.parse("paper", "prob", "methods[0].inversion"));
        assertTrue(e.getMessage().contains("logit, sigmoid"), e.getMessage());
        assertEquals("paper", Inversion.PAPER.variantId());
        assertEquals(
                "fractional:0.5+sigmoid",
                Inversion.parse("fractional:0.50", "sigmoid", "x").variantId());
        assertEquals(
                Inversion.parse("Backprojection", "sigmoid", "x"),
                Inversion.parseVariant(" backprojection+sigmoid", "x"));
    }
}
