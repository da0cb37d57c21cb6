package io.tonno.classifier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.classifier.sampling.ForegroundSupport;
import io.tonno.classifier.sampling.PlaneRange;
import io.tonno.imaging.stats.Roc;
import io.tonno.tomography.DirectionSet;
import io.tonno.tomography.SlicePlane;
import io.tonno.tomography.Slicer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationPlanesTest {
    /** A range that depends on the normal, so that each sweep must read its own. */
    private static final PlaneRange RANGE = n -> new double[] {-0.4 + 0.1 * n[0], 0.5 + 0.2 * n[2]};

    @Test
    void aSweepIsKNormalsOfTheHemisphereEachCutAtTheBinCentresOfItsRange() {
        ValidationPlanes sweep = ValidationPlanes.parse("sweep:4");
        // 66 planes of budget: 16 per normal, the 2 left over are not cut.
        List<SlicePlane> planes = sweep.of(RANGE, 66);
        assertEquals(64, planes.size());
        assertEquals(64, sweep.planes(66));
        DirectionSet hemisphere = DirectionSet.hemisphere(4);
        for (int l = 0; l < 4; l++) {
            double[] n = hemisphere.normal(l);
            double[] r = RANGE.offsetRange(n);
            double bin = (r[1] - r[0]) / 16;
            for (int j = 0; j < 16; j++) {
                assertSame(SlicePlane.of(n, r[0] + (j + 0.5) * bin), planes.get(l * 16 + j), "plane " + (l * 16 + j));
            }
            // Every point of the range is within half a bin of one of the normal's planes.
            for (double s = r[0]; s <= r[1]; s += bin / 7) {
                double nearest = Double.MAX_VALUE;
                for (int j = 0; j < 16; j++) {
                    nearest = Math.min(nearest, Math.abs(offset(planes.get(l * 16 + j), n) - s));
                }
                assertTrue(nearest <= bin / 2 + 1e-12, "offset " + s + " is " + nearest + " from the sweep");
            }
        }
    }

    @Test
    void theSweepScoreIsTheMeanOfEachNormalsLargestLogit() {
        ValidationPlanes sweep = new ValidationPlanes(2);
        // 7 planes of budget, 3 per normal: logits {1, 5, 2} and {-1, -3, 0}; the 7th is never read.
        assertEquals((5 + 0) / 2.0, sweep.volumeScore(new double[] {1, 5, 2, -1, -3, 0, 99}, 7), 0);
        assertEquals(-0.5, sweep.volumeScore(new double[] {-1, -1, -1, 0, 0, 0}, 6), 0);
        assertEquals(Double.NaN, sweep.volumeScore(new double[] {1, Double.NaN, 2, 0, 0, 0}, 6), 0);
        assertThrows(IllegalArgumentException.class, () -> sweep.volumeScore(new double[5], 6));
    }

    @Test
    void theLatticeKeepsTheEarlierPlanesAndTopEighthMean() {
        List<SlicePlane> planes = ValidationPlanes.LATTICE.of(RANGE, 16);
        DirectionSet lattice = DirectionSet.fibonacci(16);
        for (int l = 0; l < 16; l++) {
            double[] r = RANGE.offsetRange(lattice.normal(l));
            double f = (l + 0.5) * (1 + Math.sqrt(5)) / 2;
            f -= Math.floor(f);
            assertSame(SlicePlane.of(lattice.normal(l), r[0] + f * (r[1] - r[0])), planes.get(l), "plane " + l);
        }
        double[] logits = new double[17];
        for (int i = 0; i < 16; i++) {
            logits[i] = i;
        }
        logits[16] = 99; // beyond the budget: ignored
        // ceil(16/8) = 2 highest: 14 and 15.
        assertEquals(14.5, ValidationPlanes.LATTICE.volumeScore(logits, 16), 0);
        // At least one logit: ceil(3/8) = 1.
        assertEquals(3.0, ValidationPlanes.LATTICE.volumeScore(new double[] {3, -1, 2}, 3), 0);
    }

    @Test
    void parsesTheSpecFormsAndRefusesTheRestNamingThem() {
        assertEquals(ValidationPlanes.DEFAULT, ValidationPlanes.parse("sweep"));
        assertEquals(4, ValidationPlanes.DEFAULT.directions());
        assertEquals(new ValidationPlanes(7), ValidationPlanes.parse("sweep:7"));
        assertEquals(ValidationPlanes.LATTICE, ValidationPlanes.parse("lattice"));
        assertEquals("sweep:7", ValidationPlanes.parse("sweep:7").toString());
        assertEquals("lattice", ValidationPlanes.LATTICE.toString());
        for (String bad : new String[] {"sweep:0", "sweep:4097", "sweep:x", "sweep:", "grid", "Sweep", ""}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> ValidationPlanes.parse(bad), bad);
            assertTrue(e.getMessage().contains("sweep:K") && e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ValidationPlanes.parse(null));
        IllegalArgumentException few =
                assertThrows(IllegalArgumentException.class, () -> ValidationPlanes.DEFAULT.planes(7));
        assertTrue(few.getMessage().contains("at least 8"), few.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ValidationPlanes.LATTICE.planes(1));
        assertThrows(IllegalArgumentException.class, () -> new ValidationPlanes(-1));
    }

    /**
     * On real volumes with lesions of radius 2 voxels in a body of about 29: with 16 planes per normal every sweep of
     * a positive volume cuts its lesion, so a detector that sees the lesion on a plane (the slice's largest value)
     * ranks every positive volume above every negative one.
     */
    @Test
    void everySweepOfAPositiveVolumeCutsItsSmallLesion() {
        int n = 32;
        List<LabeledVolume> volumes = TestVolumes.smallLesions(12, n, 5);
        ValidationPlanes sweep = ValidationPlanes.DEFAULT;
        int count = sweep.planes(64);
        double[] scores = new double[volumes.size()];
        boolean[] positive = new boolean[volumes.size()];
        float[] pixels = new float[count * n * n];
        float[] mask = new float[count * n * n];
        double[] logits = new double[count];
        for (int c = 0; c < volumes.size(); c++) {
            LabeledVolume v = volumes.get(c);
            List<SlicePlane> planes = sweep.of(ForegroundSupport.of(v.volume()), 64);
            new Slicer(v.volume()).slices(planes, n, n, pixels, 1);
            new Slicer(v.mask()).slices(planes, n, n, mask, 1);
            for (int p = 0; p < count; p++) {
                logits[p] = max(pixels, p * n * n, n * n);
            }
            scores[c] = sweep.volumeScore(logits, 64);
            positive[c] = v.label() == 1;
            if (positive[c]) {
                for (int l = 0; l < 4; l++) {
                    double cut = 0;
                    for (int j = 0; j < 16; j++) {
                        cut = Math.max(cut, max(mask, (l * 16 + j) * n * n, n * n));
                    }
                    assertTrue(cut >= 0.5, v.id() + ": sweep " + l + " misses the lesion (mask " + cut + ")");
                }
            }
        }
        assertEquals(1.0, Roc.auc(scores, positive), 0);
    }

    /** The same plane: equal centre and in-plane vectors (a record of arrays compares references). */
    private static void assertSame(SlicePlane expected, SlicePlane actual, String what) {
        assertArrayEquals(expected.center(), actual.center(), 1e-15, what + " centre");
        assertArrayEquals(expected.u(), actual.u(), 0, what + " u");
        assertArrayEquals(expected.v(), actual.v(), 0, what + " v");
    }

    private static double offset(SlicePlane p, double[] n) {
        return p.center()[0] * n[0] + p.center()[1] * n[1] + p.center()[2] * n[2];
    }

    private static double max(float[] a, int from, int count) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = from; i < from + count; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }
}
