package io.tonno.classifier.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyntheticLesionsTest {
    /** {@code count} slices of 32² that are 1 inside a disc of radius 12 and 0 outside. */
    private static SliceSampler.Batch discs(int count) {
        int size = 32;
        float[] px = new float[count * size * size];
        for (int k = 0; k < count; k++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if ((x - 16) * (x - 16) + (y - 16) * (y - 16) <= 144) {
                        px[k * size * size + y * size + x] = 1f;
                    }
                }
            }
        }
        return new SliceSampler.Batch(px, count, size, new float[count], new int[count]);
    }

    @Test
    void labelledSlicesGetOneBlobInsideTheBodyAndTheOthersAreUntouched() {
        SliceSampler.Batch before = discs(400);
        float[] original = before.pixels().clone();
        float[] labels = SyntheticLesions.DEFAULT.apply(before.pixels(), before.count(), 32, 17);
        SliceSampler.Batch after =
                new SliceSampler.Batch(before.pixels(), before.count(), 32, labels, before.volumes());
        int area = 32 * 32;
        int positives = 0;
        for (int k = 0; k < after.count(); k++) {
            int changed = 0;
            double largest = 0;
            for (int p = k * area; p < (k + 1) * area; p++) {
                if (original[p] == 0f) {
                    assertEquals(0f, after.pixels()[p], "outside the body nothing changes");
                }
                if (after.pixels()[p] != original[p]) {
                    changed++;
                    largest = Math.max(largest, Math.abs(after.pixels()[p] - original[p]));
                }
            }
            if (after.labels()[k] == 1f) {
                positives++;
                // A semi-axis of at least 2 px with a 1.5 px ramp changes a few pixels at least; contrast 0.2 to 0.6.
                assertTrue(
                        changed >= 3 && largest <= 0.6 + 1e-6 && largest >= 0.2 * 0.5,
                        "slice " + k + ": " + changed + ", " + largest);
            } else {
                assertEquals(0, changed, "unlabelled slice " + k + " is unchanged");
            }
        }
        assertTrue(positives > 160 && positives < 240, "about half the slices: " + positives);
    }

    @Test
    void theSameSeedAndStepDrawTheSameBlobs() {
        SliceSampler.Batch a = discs(20);
        SliceSampler.Batch b = discs(20);
        SliceSampler.Batch c = discs(20);
        float[] la = SyntheticLesions.DEFAULT.apply(a.pixels(), 20, 32, 2);
        float[] lb = SyntheticLesions.DEFAULT.apply(b.pixels(), 20, 32, 2);
        SyntheticLesions.DEFAULT.apply(c.pixels(), 20, 32, 3);
        assertArrayEquals(a.pixels(), b.pixels());
        assertArrayEquals(la, lb);
        assertTrue(!java.util.Arrays.equals(a.pixels(), c.pixels()), "another seed draws other blobs");
    }

    @Test
    void theSamplerPutsBlobsIntoTheSampledSlicesInsideTheBody() {
        io.tonno.imaging.Volume v = io.tonno.imaging.Volume.zeros(24, 24, 24);
        for (int k = 0; k < 24; k++) {
            for (int j = 0; j < 24; j++) {
                for (int i = 0; i < 24; i++) {
                    if ((i - 12) * (i - 12) + (j - 12) * (j - 12) + (k - 12) * (k - 12) <= 64) {
                        v.set(i, j, k, 0.5f);
                    }
                }
            }
        }
        // The planes of a batch are drawn before the blobs' seed, so the same seed without a pretext gives the same
        // slices without blobs.
        SliceSampler with = new SliceSampler(
                java.util.List.of(v), new float[] {0}, 32, 1, 200, Augmentation.NONE, 9, 1, SliceSampler.Options.PAPER);
        SliceSampler without = new SliceSampler(
                java.util.List.of(v), new float[] {0}, 32, 1, 200, Augmentation.NONE, 9, 1, SliceSampler.Options.PAPER);
        SliceSampler.Batch b = with.next(SyntheticLesions.DEFAULT);
        SliceSampler.Batch raw = without.next();
        int labelled = 0;
        for (int k = 0; k < b.count(); k++) {
            int changed = 0;
            for (int p = k * 1024; p < (k + 1) * 1024; p++) {
                if (raw.pixels()[p] == 0f) {
                    assertEquals(0f, b.pixels()[p], "no blob outside the body");
                }
                changed += b.pixels()[p] != raw.pixels()[p] ? 1 : 0;
            }
            assertEquals(b.labels()[k] == 1f, changed > 0, "slice " + k + ": labelled exactly when a blob was put in");
            labelled += (int) b.labels()[k];
        }
        // About half of the slices that cut the ball (box-range planes through its corners miss it and stay
        // unlabelled).
        assertTrue(labelled > 50 && labelled < 130, "labelled: " + labelled);
    }
}
