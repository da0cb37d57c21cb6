package io.tonno.imaging.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IntensityTest {
    @Test
    void windowMapsLoToZeroHiToOneAndClips() {
        float[] d = {-2000, -1000, -300, 400, 3000};
        Intensity.window(d, -1000, 400);
        assertArrayEquals(new float[] {0, 0, 0.5f, 1, 1}, d, 1e-6f);
    }

    @Test
    void percentilesMatchSortedReferenceWithLinearInterpolation() {
        SplittableRandom r = new SplittableRandom(5);
        float[] d = new float[10_001];
        for (int i = 0; i < d.length; i++) {
            d[i] = i % 7 == 0 ? 0f : (float) Math.floor(r.nextDouble() * 300) * 0.25f - 20f;
        }
        float[] nz = new float[d.length];
        int n = 0;
        for (float x : d) {
            if (x != 0) {
                nz[n++] = x;
            }
        }
        nz = Arrays.copyOf(nz, n);
        Arrays.sort(nz);
        for (double p : new double[] {0, 0.5, 37.3, 99.5, 100}) {
            double rank = p / 100 * (n - 1);
            int lo = (int) Math.floor(rank);
            int hi = Math.min(n - 1, lo + 1);
            double want = nz[lo] + (rank - lo) * (nz[hi] - nz[lo]);
            assertEquals(want, Percentiles.ofNonZero(d, p)[0], 1e-9, "p" + p);
        }
    }

    @Test
    void percentileClipScalesToUnitRange() {
        float[] d = {0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1000};
        double[] clip = Intensity.percentile(d, 0, 50);
        // Non-zero values 1..10, 1000 (n = 11): the median has rank 5, value 6.
        assertArrayEquals(new double[] {1, 6}, clip, 1e-9);
        assertEquals(0f, d[0]);
        assertEquals(0f, d[2]);
        assertEquals(1f, d[12]);
        assertEquals((4 - 1) / 5f, d[5], 1e-6f);
    }

    @Test
    void zscoreGivesZeroMeanUnitStd() {
        float[] d = {1, 2, 3, 4};
        double[] ms = Intensity.zscore(d);
        assertEquals(2.5, ms[0], 1e-12);
        assertEquals(Math.sqrt(1.25), ms[1], 1e-12);
        assertEquals((1 - 2.5) / Math.sqrt(1.25), d[0], 1e-6);
    }
}
