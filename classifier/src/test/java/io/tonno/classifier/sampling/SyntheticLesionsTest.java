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
        SliceSampler.Batch after = SyntheticLesions.DEFAULT.apply(before, 3, 17);
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
                // A semi-axis of at least 1.5 px with a 1.5 px ramp changes a few pixels at least; at most 0.5 contrast.
                assertTrue(changed >= 3 && largest <= 0.5 + 1e-6 && largest >= 0.1 * 0.5, "slice " + k + ": " + changed + ", " + largest);
            } else {
                assertEquals(0, changed, "unlabelled slice " + k + " is unchanged");
            }
        }
        assertTrue(positives > 160 && positives < 240, "about half the slices: " + positives);
    }

    @Test
    void theSameSeedAndStepDrawTheSameBlobs() {
        SliceSampler.Batch a = SyntheticLesions.DEFAULT.apply(discs(20), 5, 2);
        SliceSampler.Batch b = SyntheticLesions.DEFAULT.apply(discs(20), 5, 2);
        SliceSampler.Batch c = SyntheticLesions.DEFAULT.apply(discs(20), 5, 3);
        assertArrayEquals(a.pixels(), b.pixels());
        assertArrayEquals(a.labels(), b.labels());
        assertTrue(!java.util.Arrays.equals(a.pixels(), c.pixels()), "another step draws other blobs");
    }
}
