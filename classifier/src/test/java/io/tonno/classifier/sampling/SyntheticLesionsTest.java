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

    /** Discs as {@link #discs} whose pixels at {@code x >= 20} are 1 and the rest 0.3: the bright 29 %. */
    private static SliceSampler.Batch brightStripes(int count) {
        SliceSampler.Batch b = discs(count);
        for (int p = 0; p < b.pixels().length; p++) {
            if (b.pixels()[p] != 0f && p % 32 < 20) {
                b.pixels()[p] = 0.3f;
            }
        }
        return b;
    }

    /** The x of the centroid of the changes in slice {@code k}, each pixel weighted by its absolute change. */
    private static double changeCentroidX(float[] before, float[] after, int k) {
        double sum = 0;
        double weight = 0;
        for (int p = k * 1024; p < (k + 1) * 1024; p++) {
            double d = Math.abs(after[p] - before[p]);
            sum += d * (p % 32);
            weight += d;
        }
        return sum / weight;
    }

    @Test
    void aCentreQuantilePutsTheBlobsInTheBrightTissue() {
        SyntheticLesions bright = new SyntheticLesions(0.5, 2, 6, 0.2, 0.6, 1, 0.75, 0);
        SyntheticLesions anywhere = new SyntheticLesions(0.5, 2, 6, 0.2, 0.6, 1, 0, 0);
        SliceSampler.Batch a = brightStripes(300);
        SliceSampler.Batch b = brightStripes(300);
        float[] original = a.pixels().clone();
        float[] la = bright.apply(a.pixels(), 300, 32, 5);
        float[] lb = anywhere.apply(b.pixels(), 300, 32, 5);
        double leftmostBright = 32;
        double leftmostAnywhere = 32;
        for (int k = 0; k < 300; k++) {
            if (la[k] == 1f) {
                leftmostBright = Math.min(leftmostBright, changeCentroidX(original, a.pixels(), k));
            }
            if (lb[k] == 1f) {
                leftmostAnywhere = Math.min(leftmostAnywhere, changeCentroidX(original, b.pixels(), k));
            }
        }
        // Centres at x >= 20; a blob reaches at most 7.5 px to the left, where the tissue is 0.3 as bright.
        assertTrue(leftmostBright >= 18, "every blob centred in the bright stripe: " + leftmostBright);
        assertTrue(leftmostAnywhere < 12, "without the quantile, blobs also sit in the dim part: " + leftmostAnywhere);
    }

    @Test
    void theCurriculumStartsAtTheLargestContrastAndWidensToTheFullRange() throws Exception {
        SyntheticLesions task = new SyntheticLesions(0.5, 2, 6, 0.2, 0.6, 1, 0, 100);
        assertEquals(0.6, task.atStep(0).contrastMin(), 1e-12);
        assertEquals(0.4, task.atStep(50).contrastMin(), 1e-12);
        assertEquals(0.6, task.atStep(50).contrastMax(), 0);
        assertEquals(0, task.atStep(50).curriculumSteps());
        assertEquals(task, task.atStep(100), "the full range from step N on");
        assertEquals(SyntheticLesions.DEFAULT, SyntheticLesions.DEFAULT.atStep(0), "no curriculum: the task itself");
        task.atStep(37).validate("spec.json", "pretext.");
        SyntheticLesions json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue("{\"centreQuantile\": 0.6, \"curriculumSteps\": 500}", SyntheticLesions.class);
        assertEquals(new SyntheticLesions(0.5, 2, 6, 0.2, 0.6, 0.5, 0.6, 500), json, "absent fields take the defaults");
        // At step 0 every blob has contrast 0.6: its core (weight 1) on tissue of 1 changes by exactly 0.6.
        SliceSampler.Batch b = discs(200);
        float[] original = b.pixels().clone();
        float[] labels = task.atStep(0).apply(b.pixels(), 200, 32, 11);
        int labelled = 0;
        for (int k = 0; k < 200; k++) {
            if (labels[k] == 1f) {
                labelled++;
                double largest = 0;
                for (int p = k * 1024; p < (k + 1) * 1024; p++) {
                    largest = Math.max(largest, original[p] - b.pixels()[p]);
                }
                assertEquals(0.6, largest, 1e-6, "slice " + k);
            }
        }
        assertTrue(labelled > 60, "labelled: " + labelled);
    }

    @Test
    void placementAndCurriculumOutsideTheirRangesAreRefusedNamingTheField() {
        io.tonno.imaging.InvalidInputException q = org.junit.jupiter.api.Assertions.assertThrows(
                io.tonno.imaging.InvalidInputException.class,
                () -> new SyntheticLesions(0.5, 2, 6, 0.2, 0.6, 1, 1, 0).validate("spec.json", "pretext."));
        assertTrue(
                q.getMessage().contains("spec.json") && q.getMessage().contains("pretext.centreQuantile"),
                q.getMessage());
        io.tonno.imaging.InvalidInputException c = org.junit.jupiter.api.Assertions.assertThrows(
                io.tonno.imaging.InvalidInputException.class,
                () -> new SyntheticLesions(0.5, 2, 6, 0.2, 0.6, 1, 0, -1).validate("spec.json", "pretext."));
        assertTrue(c.getMessage().contains("pretext.curriculumSteps"), c.getMessage());
    }

    @Test
    void synthesisPutsBlobsIntoNegativeVolumesOnlyAndLabelsThoseSlicesPositive() {
        io.tonno.imaging.Volume ball = io.tonno.imaging.Volume.zeros(24, 24, 24);
        for (int k = 0; k < 24; k++) {
            for (int j = 0; j < 24; j++) {
                for (int i = 0; i < 24; i++) {
                    if ((i - 12) * (i - 12) + (j - 12) * (j - 12) + (k - 12) * (k - 12) <= 64) {
                        ball.set(i, j, k, 0.5f);
                    }
                }
            }
        }
        java.util.List<io.tonno.imaging.Volume> vols = java.util.List.of(ball, ball);
        float[] labels = {1, 0};
        SliceSampler with =
                new SliceSampler(vols, labels, 32, 2, 100, Augmentation.NONE, 4, 1, SliceSampler.Options.PAPER);
        SliceSampler without =
                new SliceSampler(vols, labels, 32, 2, 100, Augmentation.NONE, 4, 1, SliceSampler.Options.PAPER);
        SliceSampler.Batch b = with.nextWithSynthesis(new SyntheticLesions(0.5, 2, 6, 0.2, 0.6, 1, 0, 0));
        SliceSampler.Batch raw = without.next();
        int synthetic = 0;
        int negatives = 0;
        for (int k = 0; k < b.count(); k++) {
            int changed = 0;
            for (int p = k * 1024; p < (k + 1) * 1024; p++) {
                changed += b.pixels()[p] != raw.pixels()[p] ? 1 : 0;
            }
            if (labels[b.volumes()[k]] == 1f) {
                assertEquals(0, changed, "a positive volume's slice " + k + " is unchanged");
                assertEquals(1f, b.labels()[k], "and keeps its label");
            } else {
                negatives++;
                assertEquals(changed > 0, b.labels()[k] == 1f, "negative slice " + k + ": label 1 exactly with a blob");
                synthetic += changed > 0 ? 1 : 0;
            }
        }
        // Half of the negative slices that cut the ball get a blob (box-range planes can miss it).
        assertTrue(
                negatives > 60 && synthetic > negatives / 5 && synthetic < negatives * 3 / 5,
                synthetic + " of " + negatives);
    }
}
