package io.tonno.classifier.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void everySampledPlaneMeetsTheNonZeroBox() {
        // Without augmentation a slice's centre s·n lies on the plane through the box; a unit 64×64 slice
        // covers the plane's whole intersection with the cube, so each slice sees some of the box.
        SliceSampler s = new SliceSampler(List.of(cornerBox()), new float[] {1}, 32, 1, 50, Augmentation.NONE, 3, 1);
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
        SliceSampler a = new SliceSampler(vols, labels, 16, 3, 2, Augmentation.DEFAULT, 11, 2);
        SliceSampler b = new SliceSampler(vols, labels, 16, 3, 2, Augmentation.DEFAULT, 11, 1);
        SliceSampler.Batch a1 = a.next();
        assertArrayEquals(a1.pixels(), b.next().pixels(), "thread count must not change the batch");
        long[] state = a.state();
        SliceSampler.Batch a2 = a.next();
        SliceSampler c = new SliceSampler(vols, labels, 16, 3, 2, Augmentation.DEFAULT, 999, 2);
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
