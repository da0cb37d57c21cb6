package io.tonno.classifier.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.Volume;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceSamplerTest {
    /** A 21³ volume that is 1 in the voxel box [12..16]³ (cube coordinates [0.2, 0.6]³) and 0 elsewhere. */
    private static Volume cornerBox() {
        Volume v = Volume.zeros(21, 21, 21);
        for (int k = 12; k <= 16; k++) {
            for (int j = 12; j <= 16; j++) {
                for (int i = 12; i <= 16; i++) {
                    v.set(i, j, k, 1f);
                }
            }
        }
        return v;
    }

    @Test
    void nonZeroExtentIsTheBoxInCubeCoordinatesAndItsProjection() {
        NonZeroExtent e = NonZeroExtent.of(cornerBox());
        assertArrayEquals(new double[] {0.2, 0.2, 0.2}, e.lo(), 1e-12);
        assertArrayEquals(new double[] {0.6, 0.6, 0.6}, e.hi(), 1e-12);
        double r = 1 / Math.sqrt(3);
        assertArrayEquals(new double[] {0.6 * r, 1.8 * r}, e.offsetRange(new double[] {r, r, r}), 1e-12);
        assertArrayEquals(new double[] {-0.6, -0.2}, e.offsetRange(new double[] {0, -1, 0}), 1e-12);
    }

    /** A 33³ volume that is 1 inside the ball of radius 12 voxels about the centre (cube radius 0.75). */
    private static Volume ball() {
        Volume v = Volume.zeros(33, 33, 33);
        for (int k = 0; k < 33; k++) {
            for (int j = 0; j < 33; j++) {
                for (int i = 0; i < 33; i++) {
                    if ((i - 16) * (i - 16) + (j - 16) * (j - 16) + (k - 16) * (k - 16) <= 144) {
                        v.set(i, j, k, 1f);
                    }
                }
            }
        }
        return v;
    }

    @Test
    void foregroundRangeOfABallIsItsRadiusInEveryDirectionWhileTheBoxReachesItsCorners() {
        ForegroundSupport f = ForegroundSupport.of(ball());
        NonZeroExtent box = NonZeroExtent.of(ball());
        double r = 1 / Math.sqrt(3);
        double[] diagonal = {r, r, r};
        // The ball's voxel centres reach x·n = 0.75 along the axes; along the diagonal the farthest centre is
        // within a voxel (0.0625) of the sphere.
        assertArrayEquals(new double[] {-0.75, 0.75}, f.offsetRange(new double[] {0, 0, 1}), 1e-12);
        double[] d = f.offsetRange(diagonal);
        assertTrue(d[1] <= 0.75 + 1e-12 && d[1] > 0.75 - 0.0625 && d[0] == -d[1], java.util.Arrays.toString(d));
        assertEquals(0.75 * Math.sqrt(3), box.offsetRange(diagonal)[1], 1e-12);
        assertTrue(f.points() < 33 * 33 * 33 / 4, "only boundary voxels are kept: " + f.points());
    }

    @Test
    void foregroundPlanesAllCutTheBallWhereBoxPlanesSometimesMissIt() {
        int size = 32;
        int[] empty = new int[2];
        for (int mode = 0; mode < 2; mode++) {
            SliceSampler s = new SliceSampler(
                    List.of(ball()),
                    new float[] {1},
                    size,
                    1,
                    400,
                    Augmentation.NONE,
                    5,
                    1,
                    new SliceSampler.Options(false, mode == 1));
            SliceSampler.Batch b = s.next();
            for (int k = 0; k < b.count(); k++) {
                double sum = 0;
                for (int p = 0; p < size * size; p++) {
                    sum += b.pixels()[k * size * size + p];
                }
                empty[mode] += sum == 0 ? 1 : 0;
            }
        }
        assertEquals(0, empty[1], "foreground offsets");
        assertTrue(empty[0] > 20, "box offsets draw planes through the empty corners: " + empty[0] + " of 400");
    }

    /** The sign of {@code (u × v)·n}: +1 for the reconstruction's right-handed frames, -1 for a mirrored slice. */
    private static int handedness(io.tonno.tomography.SlicePlane p) {
        double[] u = p.u();
        double[] v = p.v();
        double[] c = p.center();
        double[] x = {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
        double len = Math.sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
        // The centre is s·n; compare with the frame's normal through the offset's sign-free direction.
        double[] n = {x[0] / len, x[1] / len, x[2] / len};
        return Math.signum(n[0] * c[0] + n[1] * c[1] + n[2] * c[2]) >= 0 ? 1 : -1;
    }

    @Test
    void mirrorAugmentationReflectsHalfTheSlicesAndOnlyThen() {
        List<Volume> vols = List.of(cornerBox(), cornerBox());
        float[] labels = {1, 0};
        PlaneRange positive = n -> new double[] {0.3, 0.9}; // s > 0: the centre s·n points along n
        for (boolean mirror : new boolean[] {false, true}) {
            SliceSampler s = new SliceSampler(
                    vols, labels, 16, 2, 2, Augmentation.NONE.withMirror(mirror), 5, 1, SliceSampler.Options.PAPER);
            int reflected = 0;
            int n = 2000;
            for (int i = 0; i < n; i++) {
                reflected += handedness(s.randomPlane(positive)) < 0 ? 1 : 0;
            }
            if (mirror) {
                assertEquals(0.5, reflected / (double) n, 0.05, "about half the slices mirrored");
            } else {
                assertEquals(0, reflected, "without mirroring every frame is right-handed (u × v = n)");
            }
        }
    }

    @Test
    void balancedBatchesAlternateTheClasses() {
        List<Volume> vols = List.of(cornerBox(), cornerBox(), cornerBox(), cornerBox(), cornerBox());
        float[] labels = {1, 0, 0, 0, 0};
        SliceSampler s = new SliceSampler(
                vols, labels, 16, 4, 2, Augmentation.NONE, 7, 1, new SliceSampler.Options(true, false));
        int positives = 0;
        for (int n = 0; n < 50; n++) {
            SliceSampler.Batch b = s.next();
            int p = 0;
            for (int k = 0; k < b.count(); k += 2) {
                p += (int) b.labels()[k];
                assertEquals(labels[b.volumes()[k]], b.labels()[k]);
            }
            assertEquals(2, p, "two of four volumes positive in every batch");
            positives += p;
        }
        assertEquals(100, positives);
        assertThrows(
                IllegalArgumentException.class,
                () -> new SliceSampler(
                        List.of(cornerBox()),
                        new float[] {1},
                        16,
                        2,
                        2,
                        Augmentation.NONE,
                        7,
                        1,
                        new SliceSampler.Options(true, false)));
    }

    @Test
    void everySampledPlaneMeetsTheNonZeroBox() {
        // Without augmentation a slice's centre s·n lies on the plane through the box; a unit 64×64 slice
        // covers the plane's whole intersection with the cube, so each slice sees some of the box.
        SliceSampler s = new SliceSampler(
                List.of(cornerBox()), new float[] {1}, 32, 1, 50, Augmentation.NONE, 3, 1, SliceSampler.Options.PAPER);
        SliceSampler.Batch b = s.next();
        for (int k = 0; k < b.count(); k++) {
            double sum = 0;
            for (int p = 0; p < 32 * 32; p++) {
                sum += b.pixels()[k * 32 * 32 + p];
            }
            assertTrue(sum > 0, "slice " + k + " misses the non-zero box");
        }
    }

    @Test
    void sameSeedGivesSameBatchesAndRestoredStateContinuesIdentically() {
        List<Volume> vols = List.of(cornerBox(), Volume.zeros(8, 9, 10));
        float[] labels = {1, 0};
        SliceSampler a =
                new SliceSampler(vols, labels, 16, 3, 2, Augmentation.DEFAULT, 11, 2, SliceSampler.Options.PAPER);
        SliceSampler b =
                new SliceSampler(vols, labels, 16, 3, 2, Augmentation.DEFAULT, 11, 1, SliceSampler.Options.PAPER);
        SliceSampler.Batch a1 = a.next();
        assertArrayEquals(a1.pixels(), b.next().pixels(), "thread count must not change the batch");
        long[] state = a.state();
        SliceSampler.Batch a2 = a.next();
        SliceSampler c =
                new SliceSampler(vols, labels, 16, 3, 2, Augmentation.DEFAULT, 999, 2, SliceSampler.Options.PAPER);
        c.restore(state);
        SliceSampler.Batch c2 = c.next();
        assertArrayEquals(a2.pixels(), c2.pixels());
        assertArrayEquals(a2.volumes(), c2.volumes());
        assertFalse(java.util.Arrays.equals(a1.pixels(), a2.pixels()));
        for (int k = 0; k < a2.count(); k++) {
            assertEquals(labels[a2.volumes()[k]], a2.labels()[k]);
            assertEquals(a2.volumes()[k / 2 * 2], a2.volumes()[k], "slices of one volume are consecutive");
        }
    }

    @Test
    void xoshiroMatchesTheReferenceSequence() {
        // Reference outputs of xoshiro256** (Vigna's C code) from the state {1, 2, 3, 4}.
        Xoshiro256 r = new Xoshiro256(0);
        r.restore(new long[] {1, 2, 3, 4});
        assertEquals(11520L, r.nextLong());
        assertEquals(0L, r.nextLong());
        assertEquals(1509978240L, r.nextLong());
        assertEquals(1215971899390074240L, r.nextLong());
    }
}
