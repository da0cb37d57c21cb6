package io.tonno.tomography;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.Volume;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Linearity, chunk additivity and independence of the thread count and batch size. */
class ReconstructionInvariantsTest {
    private static final int N = 20;

    private static ReconstructionSettings settings(int threads, int batch) {
        return ReconstructionSettings.of(120, 24, 28).withResources(threads, batch);
    }

    @Test
    void toNnoIsLinearWithinOneInHundredThousand() {
        Volume v1 = Phantoms.smoothStructure(N);
        Volume v2 = Phantoms.ellipsoids(N);
        double a = 1.7;
        double b = -0.6;
        Volume mix = Volume.zeros(N, N, N);
        for (int i = 0; i < mix.voxelCount(); i++) {
            mix.data()[i] = (float) (a * v1.data()[i] + b * v2.data()[i]);
        }
        Reconstruction rec = new Reconstruction(settings(0, 0));
        RadonSumScorer scorer = new RadonSumScorer();
        Volume g1 = rec.tonno(v1, scorer);
        Volume g2 = rec.tonno(v2, scorer);
        Volume gm = rec.tonno(mix, scorer);
        double num = 0;
        double den = 0;
        for (int i = 0; i < gm.voxelCount(); i++) {
            double want = a * g1.data()[i] + b * g2.data()[i];
            num += (gm.data()[i] - want) * (gm.data()[i] - want);
            den += want * want;
        }
        double rel = Math.sqrt(num / den);
        assertTrue(rel <= 1e-5, "linearity error " + rel);
    }

    @Test
    void toNnoChunksAddUpToTheWholeWhateverTheThreadsAndBatches() {
        Volume v = Phantoms.ellipsoids(N);
        RadonSumScorer scorer = new RadonSumScorer();
        Reconstruction one = new Reconstruction(settings(1, 0));
        Reconstruction two = new Reconstruction(settings(2, 37));
        Sinogram whole = one.sinogram(v, scorer);
        PartialVolume reference = one.backproject(whole, v.shape());

        // Same scores whatever the thread count and batch size.
        assertArrayEquals(whole.scores(), two.sinogram(v, scorer).scores());
        // Backprojection does not depend on the thread count, bit for bit.
        assertArrayEquals(reference.data(), two.backproject(whole, v.shape()).data());

        // Chunks: uneven sizes, computed out of order, merged back or summed as partial volumes.
        List<DirectionChunk> chunks = DirectionChunk.ofSize(120, 47);
        List<Sinogram> parts = new ArrayList<>();
        for (int c = chunks.size() - 1; c >= 0; c--) {
            parts.add(two.sinogram(v, scorer, chunks.get(c)));
        }
        Sinogram merged = Sinogram.merge(parts);
        assertArrayEquals(whole.scores(), merged.scores());
        PartialVolume sum = PartialVolume.zeros(v.shape());
        for (Sinogram part : parts) {
            sum.add(two.backproject(Sinogram.fromBytes(part.toBytes()), v.shape()));
        }
        assertRelativelyClose(reference.data(), sum.data(), 1e-6);
    }

    @Test
    void toNnoChunksEqualTheWholeBitForBitEvenWhenScoresDependOnTheBatch() {
        Volume v = Phantoms.ellipsoids(N);
        // As a network does in its last bits: a slice's score depends on the batch's size and its place in it.
        RadonSumScorer radon = new RadonSumScorer();
        SliceScorer batchSensitive = (slices, count, h, w, scores) -> {
            radon.score(slices, count, h, w, scores);
            for (int i = 0; i < count; i++) {
                scores[i] *= 1 + 1e-6 * (count + i % 4);
            }
        };
        Reconstruction rec = new Reconstruction(settings(2, 16));
        Sinogram whole = rec.sinogram(v, batchSensitive);
        for (int perChunk : new int[] {1, 7, 13, 47, 120}) {
            List<Sinogram> parts = new ArrayList<>();
            for (DirectionChunk chunk : DirectionChunk.ofSize(120, perChunk)) {
                parts.add(rec.sinogram(v, batchSensitive, chunk));
            }
            assertArrayEquals(whole.scores(), Sinogram.merge(parts).scores(), perChunk + " directions per chunk");
        }
    }

    @Test
    void mapChunksAddUpToTheWholeWhateverTheThreadsAndBatches() {
        Volume v = Phantoms.smoothStructure(N);
        for (MapMethod method : MapMethod.values()) {
            PooledInputMapScorer scorer = new PooledInputMapScorer(7);
            ReconstructionSettings s = ReconstructionSettings.of(60, 16, 28).withResources(1, 0);
            Reconstruction one = new Reconstruction(s);
            Reconstruction two = new Reconstruction(s.withResources(2, 5));
            PartialVolume whole = one.maps(v, scorer, method, one.wholeChunk(), v.shape(), new Timings());
            assertArrayEquals(
                    whole.data(),
                    two.maps(v, scorer, method, two.wholeChunk(), v.shape(), new Timings())
                            .data(),
                    method.name());
            PartialVolume sum = PartialVolume.zeros(v.shape());
            for (DirectionChunk chunk : DirectionChunk.split(60, 4)) {
                PartialVolume part = two.maps(v, scorer, method, chunk, v.shape(), new Timings());
                sum.add(PartialVolume.fromBytes(part.toBytes()));
            }
            assertRelativelyClose(whole.data(), sum.data(), 1e-6);
        }
    }

    @Test
    void hemisphereLatticesReconstructRadonSumsAsWellAsTheSphere() {
        // Radon sums are mirror-symmetric, so every hemisphere lattice is exact up to its quadrature: each must
        // reconstruct the blob about as well as the whole sphere does. A lattice whose slices were cut along one set
        // of normals and backprojected along another would be far off.
        Volume v = Phantoms.gaussianBlob(N, 0.3);
        double[] rel = new double[DirectionLattice.values().length];
        for (DirectionLattice lattice : DirectionLattice.values()) {
            Reconstruction r = new Reconstruction(settings(0, 0).withScheme(lattice, false));
            Sinogram sinogram = r.sinogram(v, new RadonSumScorer());
            Volume h = r.backproject(sinogram, v.shape()).toVolume(v);
            rel[lattice.ordinal()] = Phantoms.relativeL2(h, v, 0.84);
            // A sinogram alone (as a reduce step on another worker gets it) rebuilds the same normals from its lattice.
            assertArrayEquals(
                    h.data(),
                    SinogramBackprojector.backproject(sinogram, v.shape(), 0)
                            .toVolume(v)
                            .data(),
                    lattice.id());
        }
        System.out.println(
                "relative L2 to the phantom (sphere, hemisphere, relaxed, random): " + java.util.Arrays.toString(rel));
        double sphere = rel[DirectionLattice.SPHERE.ordinal()];
        assertTrue(sphere < 0.15, "sphere far from the phantom"); // L = 120, M = 24 on 20³: coarse
        assertTrue(rel[DirectionLattice.HEMISPHERE.ordinal()] < 1.2 * sphere, "hemisphere worse than the sphere");
        assertTrue(rel[DirectionLattice.RELAXED_HEMISPHERE.ordinal()] < 1.2 * sphere, "relaxed hemisphere worse");
        // Monte-Carlo directions: unbiased but noisy, worse than any lattice.
        assertTrue(rel[DirectionLattice.RANDOM_HEMISPHERE.ordinal()] > 1.5 * sphere, "random directions as good");
    }

    @Test
    void outputShapeCanDifferFromTheInput() {
        Volume v = Phantoms.gaussianBlob(N, 0.3);
        Reconstruction rec = new Reconstruction(settings(0, 0));
        Volume same = rec.tonno(v, new RadonSumScorer());
        Volume coarse =
                rec.tonno(v, new RadonSumScorer(), new int[] {(N + 1) / 2, (N + 1) / 2, (N + 1) / 2}, new Timings());
        assertArrayEquals(new int[] {10, 10, 10}, coarse.shape());
        // Output voxel 0 and input voxel 0 are the same point (align corners); so are the last ones.
        assertEquals(same.get(0, 0, 0), coarse.get(0, 0, 0), 1e-6);
        assertEquals(same.get(N - 1, N - 1, N - 1), coarse.get(9, 9, 9), 1e-6);
        double[] affine = coarse.affine();
        assertEquals((N - 1.0) / 9, affine[0], 1e-12);
        assertEquals((N - 1.0) / 9, coarse.spacing()[2], 1e-12);
    }

    @Test
    void sinogramMergeRejectsGapsAndForeignChunks() {
        Sinogram a = new Sinogram(10, DirectionLattice.SPHERE, 4, 0, 3, new double[18]);
        Sinogram c = new Sinogram(10, DirectionLattice.SPHERE, 4, 5, 5, new double[30]);
        assertThrows(IllegalArgumentException.class, () -> Sinogram.merge(List.of(a, c)));
        Sinogram other = new Sinogram(10, DirectionLattice.SPHERE, 5, 3, 2, new double[14]);
        assertThrows(IllegalArgumentException.class, () -> Sinogram.merge(List.of(a, other)));
        assertThrows(IllegalArgumentException.class, () -> Sinogram.fromBytes(new byte[] {1, 2, 3}));
    }

    private static void assertRelativelyClose(double[] want, double[] got, double tol) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < want.length; i++) {
            num += (got[i] - want[i]) * (got[i] - want[i]);
            den += want[i] * want[i];
        }
        assertTrue(Math.sqrt(num / den) <= tol, "relative difference " + Math.sqrt(num / den));
    }
}
