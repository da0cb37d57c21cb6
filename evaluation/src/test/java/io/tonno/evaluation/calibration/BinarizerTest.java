package io.tonno.evaluation.calibration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.Volume;
import org.junit.jupiter.api.Test;

class BinarizerTest {
    private static Volume row(float... values) {
        Volume v = Volume.zeros(values.length, 1, 1);
        System.arraycopy(values, 0, v.data(), 0, values.length);
        return v;
    }

    @Test
    void rawThresholdIsStrict() {
        Volume h = row(0.1f, 0.5f, 0.6f, Float.NaN, -3f);
        boolean[] m = Binarizer.binarize(
                h, null, new BinarizationSettings(Normalization.RAW, 0.5, ForegroundRestriction.NONE));
        assertArrayEquals(new boolean[] {false, false, true, false, false}, m);
    }

    @Test
    void perVolumeMaxDividesByTheLargestValue() {
        Volume h = row(1f, 2f, 4f, 8f);
        boolean[] m = Binarizer.binarize(
                h, null, new BinarizationSettings(Normalization.PER_VOLUME_MAX, 0.3, ForegroundRestriction.NONE));
        // Normalised: 0.125, 0.25, 0.5, 1.
        assertArrayEquals(new boolean[] {false, false, true, true}, m);
    }

    @Test
    void percentileUsesLinearInterpolation() {
        Volume h = row(0f, 1f, 2f, 3f, 4f);
        // 50th percentile = 2; 90th = 3.6.
        assertEquals(2.0, Binarizer.scale(h, null, Normalization.percentile(50)), 1e-12);
        assertEquals(3.6, Binarizer.scale(h, null, Normalization.percentile(90)), 1e-6);
    }

    @Test
    void nonPositiveStatisticsLeaveTheVolumeUnscaled() {
        Volume h = row(-5f, -1f, -2f);
        assertEquals(1.0, Binarizer.scale(h, null, Normalization.PER_VOLUME_MAX));
        assertEquals(1.0, Binarizer.scale(row(Float.NaN), null, Normalization.percentile(99)));
    }

    @Test
    void foregroundRestrictionKeepsOutsideVoxelsNegativeAndScalesOverTheInside() {
        Volume h = row(10f, 1f, 2f, 4f);
        Volume fg = row(0f, 1f, 1f, 1f);
        BinarizationSettings s =
                new BinarizationSettings(Normalization.PER_VOLUME_MAX, 0.4, ForegroundRestriction.INSIDE_FOREGROUND);
        // Inside max is 4 (the artefact of 10 outside is ignored): 0.25, 0.5, 1.
        assertArrayEquals(new boolean[] {false, false, true, true}, Binarizer.binarize(h, fg, s));
        assertThrows(IllegalArgumentException.class, () -> Binarizer.binarize(h, null, s));
        assertThrows(IllegalArgumentException.class, () -> Binarizer.binarize(h, row(1f), s));
    }

    @Test
    void peakIsTheLargestNonNanConsideredValue() {
        float inf = Float.POSITIVE_INFINITY;
        assertEquals(
                2.0, Binarizer.peak(new float[] {Float.NaN, -inf, 2, inf}, new boolean[] {true, true, true, false}));
        assertEquals(inf, Binarizer.peak(new float[] {Float.NaN, -inf, 2, inf}, null));
        assertEquals(-inf, Binarizer.peak(new float[] {-inf, Float.NaN}, null));
        assertTrue(Double.isNaN(Binarizer.peak(new float[] {Float.NaN, 3}, new boolean[] {true, false})));
        assertTrue(Double.isNaN(Binarizer.peak(new float[0], null)));
    }
}
