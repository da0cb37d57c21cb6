package io.tonno.tomography;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tonno.imaging.Volume;
import org.junit.jupiter.api.Test;

/** Hand-computable inputs that pin the constants of method.md §5 and §8. */
class ConstantsTest {
    /**
     * Scores {@code p_m = s_m²} in every direction have second difference exactly 2, so inside the unit ball
     * (where every {@code |x·n| <= 1}) {@code G = c · Σ w_l · 2 = -1/(8π²) · 4π · 2 = -1/π}, and 0 where no
     * plane reaches.
     */
    @Test
    void quadraticScoreProfileBackprojectsToMinusOneOverPi() {
        for (boolean hemisphere : new boolean[] {false, true}) {
            int l = 50;
            int m = 9;
            int row = m + 2;
            double[] scores = new double[l * row];
            for (int d = 0; d < l; d++) {
                for (int k = -1; k <= m; k++) {
                    double s = ReconstructionSettings.offset(k, m);
                    scores[d * row + k + 1] = s * s;
                }
            }
            Sinogram sinogram = new Sinogram(l, DirectionLattice.of(hemisphere), m, 0, l, scores);
            int n = 9;
            PartialVolume g = SinogramBackprojector.backproject(sinogram, new int[] {n, n, n}, 2);
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < n; i++) {
                        double x = Phantoms.c(i, n);
                        double y = Phantoms.c(j, n);
                        double z = Phantoms.c(k, n);
                        if (x * x + y * y + z * z <= 1) {
                            assertEquals(-1 / Math.PI, g.data()[i + n * (j + n * k)], 1e-12);
                        }
                    }
                }
            }
        }
    }

    /** Maps that are 1 everywhere average to exactly 1 inside the unit ball (weights sum to 4π). */
    @Test
    void constantMapsAverageToOneInsideTheUnitBall() {
        SliceMapScorer ones = new SliceMapScorer() {
            @Override
            public int[] mapShape(int height, int width) {
                return new int[] {3, 4};
            }

            @Override
            public void score(float[] slices, int count, int height, int width, float[] maps) {
                java.util.Arrays.fill(maps, 0, count * 12, 1f);
            }
        };
        int n = 11;
        Volume v = Volume.zeros(n, n, n);
        Volume g = new Reconstruction(ReconstructionSettings.of(40, 5, 8).withResources(2, 7)).averaged(v, ones);
        Volume t = new Reconstruction(ReconstructionSettings.of(40, 5, 8).withResources(2, 7)).tomographic(v, ones);
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double x = Phantoms.c(i, n);
                    double y = Phantoms.c(j, n);
                    double z = Phantoms.c(k, n);
                    if (x * x + y * y + z * z <= 1) {
                        assertEquals(1, g.get(i, j, k), 1e-6);
                        assertEquals(0, t.get(i, j, k), 1e-6);
                    }
                }
            }
        }
        // The corner (1,1,1) lies beyond |s| = 1 for most directions: less than full weight.
        assertEquals(true, g.get(n - 1, n - 1, n - 1) < 0.9);
    }

    @Test
    void radonSumIsFourTimesTheSliceMean() {
        double[] scores = new double[2];
        new RadonSumScorer().score(new float[] {1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 6}, 2, 2, 3, scores);
        assertArrayEquals(new double[] {4 * 21 / 6.0, 4 * 1.0}, scores, 1e-12);
    }

    @Test
    void poolingAveragesBlocksAdaptively() {
        // One 4x4 slice pooled to 2x2 (exact blocks) and to 3x3 (overlapping adaptive blocks).
        float[] slice = {
            1, 2, 3, 4,
            5, 6, 7, 8,
            9, 10, 11, 12,
            13, 14, 15, 16
        };
        float[] two = new float[4];
        new PooledInputMapScorer(2).score(slice, 1, 4, 4, two);
        assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, two, 1e-6f);
        float[] three = new float[9];
        new PooledInputMapScorer(3).score(slice, 1, 4, 4, three);
        // Cell (0,0) covers rows 0..1, cols 0..1; cell (1,1) rows 1..2, cols 1..2; cell (2,2) rows 2..3, cols 2..3.
        assertEquals(3.5f, three[0], 1e-6f);
        assertEquals(8.5f, three[4], 1e-6f);
        assertEquals(13.5f, three[8], 1e-6f);
        float[] same = new float[16];
        new IdentityMapScorer().score(slice, 1, 4, 4, same);
        assertArrayEquals(slice, same);
    }

    @Test
    void chunksOutsideTheDirectionSetAreRefused() {
        Reconstruction rec = new Reconstruction(ReconstructionSettings.of(10, 4, 8));
        Volume v = Volume.zeros(4, 4, 4);
        assertThrows(
                IllegalArgumentException.class, () -> rec.sinogram(v, new RadonSumScorer(), new DirectionChunk(8, 3)));
        assertThrows(IllegalArgumentException.class, () -> DirectionChunk.split(3, 4));
        assertThrows(
                IllegalArgumentException.class,
                () -> ReconstructionSettings.of(10, 1, 8).withResources(0, 0));
    }
}
