package io.tonno.tomography;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.Volume;
import org.junit.jupiter.api.Test;

/**
 * The two exact savings of docs/tomography.md "Fewer network calls": planes that miss the body (body offsets) take
 * the score of a zero slice, computed once, and give the same heatmap; a plane and its antipodal twin are the same
 * slice mirrored, so a mirror-symmetric scorer gives them the same score (the hemisphere's premise).
 */
class SamplingSchemesTest {
    /**
     * A scorer that counts its calls and weighs pixels by position, so that it is not a function of the pixel
     * multiset: {@code 0.3 + Σ w(i, j)·x(i, j)/N} with {@code w} symmetric under the column mirror
     * {@code j → W-1-j} when {@code mirrorSymmetric}, else not. A zero slice scores 0.3 (non-zero on purpose).
     */
    static final class WeightedScorer implements SliceScorer {
        final boolean mirrorSymmetric;
        long slices;

        WeightedScorer(boolean mirrorSymmetric) {
            this.mirrorSymmetric = mirrorSymmetric;
        }

        @Override
        public void score(float[] s, int count, int h, int w, double[] out) {
            for (int b = 0; b < count; b++) {
                double sum = 0;
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double cj = mirrorSymmetric ? Math.abs(j - (w - 1) / 2.0) : j;
                        double weight = 1 + 0.5 * Math.cos(0.7 * i) + 0.3 * cj / w;
                        sum += weight * s[(b * h + i) * w + j];
                    }
                }
                out[b] = 0.3 + sum / (h * w);
            }
            slices += count;
        }
    }

    /** A ball of radius 0.45 off centre, inside a zero cube of n³. */
    static Volume body(int n) {
        return Phantoms.sample(n, (x, y, z) -> {
            double r2 = (x - 0.2) * (x - 0.2) + (y + 0.1) * (y + 0.1) + z * z;
            return r2 < 0.45 * 0.45 ? 0.5 + 0.4 * Math.cos(3 * x) * Math.sin(2 * y) : 0;
        });
    }

    @Test
    void bodyOffsetsGiveTheSameHeatmapWithFewerCallsAndTheConstantOutside() {
        Volume v = body(24);
        ReconstructionSettings all = ReconstructionSettings.of(60, 20, 20).withResources(2, 16);
        ReconstructionSettings body = all.withScheme(DirectionLattice.SPHERE, true);
        WeightedScorer everyScorer = new WeightedScorer(false);
        WeightedScorer bodyScorer = new WeightedScorer(false);
        Sinogram every = new Reconstruction(all).sinogram(v, everyScorer);
        Sinogram skipped = new Reconstruction(body).sinogram(v, bodyScorer);
        assertArrayEquals(every.scores(), skipped.scores(), 1e-12, "skipping empty planes changes no score");
        assertEquals(60L * 22, everyScorer.slices);
        double fraction = bodyScorer.slices / (double) everyScorer.slices;
        System.out.printf(
                "body offsets: %d of %d slices scored (%.3f)%n", bodyScorer.slices, everyScorer.slices, fraction);
        assertTrue(fraction < 0.7, "a ball of radius 0.45 meets well under 70% of the planes, scored " + fraction);

        // Each skipped slice is really all zero, and its score is the zero slice's: 0.3.
        DirectionSet dirs = all.directionSet();
        Slicer slicer = new Slicer(v);
        PlaneSupport support = PlaneSupport.body(v, dirs, all);
        int skippedCount = 0;
        float[] slice = new float[20 * 20];
        for (int l = 0; l < dirs.size(); l++) {
            for (int j = 0; j < 22; j++) {
                boolean scored = j >= support.first(l) && j < support.first(l) + support.count(l);
                if (scored) {
                    continue;
                }
                skippedCount++;
                double s = all.offset(j - 1);
                double[] n = dirs.normal(l);
                slicer.slice(
                        new SlicePlane(new double[] {s * n[0], s * n[1], s * n[2]}, dirs.u(l), dirs.v(l)),
                        20,
                        20,
                        slice,
                        0);
                for (float x : slice) {
                    assertEquals(0f, x, "direction " + l + " slice " + j + " was skipped but is not empty");
                }
                assertEquals(0.3, skipped.scores()[l * 22 + j], 1e-15, "the zero slice's score");
            }
        }
        assertEquals(
                everyScorer.slices - bodyScorer.slices + 1,
                skippedCount,
                "the skipped slices cost one call, the constant");

        // Chunked equals whole, bit for bit.
        Reconstruction r = new Reconstruction(body);
        Sinogram a = r.sinogram(v, new WeightedScorer(false), new DirectionChunk(0, 17));
        Sinogram b = r.sinogram(v, new WeightedScorer(false), new DirectionChunk(17, 43));
        double[] joined = new double[60 * 22];
        System.arraycopy(a.scores(), 0, joined, 0, 17 * 22);
        System.arraycopy(b.scores(), 0, joined, 17 * 22, 43 * 22);
        assertArrayEquals(skipped.scores(), joined, 0.0);

        Volume h1 = new Reconstruction(all).tonno(v, new WeightedScorer(false));
        Volume h2 = new Reconstruction(body).tonno(v, new WeightedScorer(false));
        assertArrayEquals(h1.data(), h2.data(), 1e-6f);
    }

    @Test
    void anEmptyVolumeIsOneCall() {
        WeightedScorer scorer = new WeightedScorer(true);
        Sinogram s = new Reconstruction(new ReconstructionSettings(10, 6, 8, DirectionLattice.SPHERE, 1, 4, true, null))
                .sinogram(Volume.zeros(8, 8, 8), scorer);
        assertEquals(1, scorer.slices);
        for (double x : s.scores()) {
            assertEquals(0.3, x, 1e-15);
        }
    }

    @Test
    void antipodalPlanesAreMirrorImagesSoAMirrorSymmetricScorerAgrees() {
        Volume v = body(24);
        int l = 40;
        double[] offsets = {-0.6, -0.1, 0.0, 0.35, 0.7};
        int size = 21;
        // The hemisphere drops (s, n) for (-s, -n): check the slices and scores of both, for every lattice normal.
        DirectionSet dirs = DirectionSet.fibonacci(l);
        Slicer slicer = new Slicer(v);
        double worstSymmetric = 0;
        double worstPlain = 0;
        for (int d = 0; d < l; d++) {
            double[] n = dirs.normal(d);
            double[] m = {-n[0], -n[1], -n[2]};
            double[][] uv = Basis.of(m[0], m[1], m[2]);
            float[] here = new float[offsets.length * size * size];
            float[] there = new float[offsets.length * size * size];
            double[] minus = new double[offsets.length];
            for (int k = 0; k < offsets.length; k++) {
                minus[k] = -offsets[k];
            }
            slicer.parallelSlices(n, dirs.u(d), dirs.v(d), offsets, size, size, here, 0, 1);
            slicer.parallelSlices(m, uv[0], uv[1], minus, size, size, there, 0, 1);
            // The antipodal slice is the column mirror of this one (Basis: u(-n) = u(n), v(-n) = -v(n)).
            for (int k = 0; k < offsets.length; k++) {
                for (int i = 0; i < size; i++) {
                    for (int j = 0; j < size; j++) {
                        float a = here[(k * size + i) * size + j];
                        float b = there[(k * size + i) * size + (size - 1 - j)];
                        assertEquals(a, b, 1e-5f, "direction " + d + " offset " + offsets[k]);
                    }
                }
            }
            double[] sh = new double[offsets.length];
            double[] st = new double[offsets.length];
            new WeightedScorer(true).score(here, offsets.length, size, size, sh);
            new WeightedScorer(true).score(there, offsets.length, size, size, st);
            double[] ph = new double[offsets.length];
            double[] pt = new double[offsets.length];
            new WeightedScorer(false).score(here, offsets.length, size, size, ph);
            new WeightedScorer(false).score(there, offsets.length, size, size, pt);
            for (int k = 0; k < offsets.length; k++) {
                worstSymmetric = Math.max(worstSymmetric, Math.abs(sh[k] - st[k]));
                worstPlain = Math.max(worstPlain, Math.abs(ph[k] - pt[k]));
            }
        }
        System.out.printf(
                "antipodal scores: mirror-symmetric scorer differs by %.2e, a plain one by %.2e%n",
                worstSymmetric, worstPlain);
        assertTrue(worstSymmetric < 1e-6, "mirror-symmetric scorer: antipodal scores differ by " + worstSymmetric);
        assertTrue(worstPlain > 1e-3, "the check can fail: a scorer that is not mirror-symmetric differs");

        // Hence the hemisphere (half the calls) reconstructs what the full sphere does, up to the lattice.
        ReconstructionSettings full = ReconstructionSettings.of(400, 24, 24).withResources(2, 0);
        WeightedScorer fs = new WeightedScorer(true);
        WeightedScorer hs = new WeightedScorer(true);
        Volume hf = new Reconstruction(full).tonno(v, fs);
        Volume hh = new Reconstruction(
                        full.withScheme(DirectionLattice.HEMISPHERE, false).withDirections(200))
                .tonno(v, hs);
        assertEquals(2 * hs.slices, fs.slices, "half the calls");
        double rel = Phantoms.relativeL2(hh, hf, 0.84);
        System.out.printf("hemisphere of 200 vs sphere of 400, mirror-symmetric scorer: relative L2 %.4f%n", rel);
        assertTrue(rel < 0.05, "hemisphere vs sphere " + rel);
    }
}
