package io.tonno.imaging.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tonno.imaging.Volume;
import org.junit.jupiter.api.Test;

class ResamplerTest {
    private static Volume ramp() {
        double[] sp = {1, 2, 0.5};
        double[] aff = {0, -1, 0, 10, 2 * 0, 0, 0.5, -4, 1, 0, 0, 7, 0, 0, 0, 1};
        // Columns of aff have norms 1, 2, 0.5 (a permutation-like oriented grid).
        aff = new double[] {1, 0, 0, 10, 0, 0, 0.5, -4, 0, -2, 0, 7, 0, 0, 0, 1};
        Volume v = Volume.zeros(new int[] {5, 4, 9}, sp, aff);
        for (int k = 0; k < 9; k++) {
            for (int j = 0; j < 4; j++) {
                for (int i = 0; i < 5; i++) {
                    v.set(i, j, k, 2 * i + 3 * j + 5 * k);
                }
            }
        }
        return v;
    }

    @Test
    void trilinearReproducesLinearRampExactlyAndKeepsWorldPositions() {
        Volume in = ramp();
        Volume out = Resampler.trilinear(in, 1.0);
        // ratios 1, 0.5, 2: extents floor((n-1)/r)+1 = 5, 7, 5
        assertArrayEquals(new int[] {5, 7, 5}, out.shape());
        assertArrayEquals(new double[] {1, 1, 1}, out.spacing());
        double[] r = {1, 0.5, 2};
        double[] ai = in.affine();
        double[] ao = out.affine();
        for (int k = 0; k < 5; k++) {
            for (int j = 0; j < 7; j++) {
                for (int i = 0; i < 5; i++) {
                    double x = i * r[0];
                    double y = j * r[1];
                    double z = k * r[2];
                    assertEquals(2 * x + 3 * y + 5 * z, out.get(i, j, k), 1e-5);
                    for (int e = 0; e < 3; e++) {
                        double wIn = ai[e * 4] * x + ai[e * 4 + 1] * y + ai[e * 4 + 2] * z + ai[e * 4 + 3];
                        double wOut = ao[e * 4] * i + ao[e * 4 + 1] * j + ao[e * 4 + 2] * k + ao[e * 4 + 3];
                        assertEquals(wIn, wOut, 1e-9);
                    }
                }
            }
        }
    }

    @Test
    void nearestKeepsLabelValuesOnly() {
        Volume m = Volume.zeros(
                new int[] {4, 4, 4}, new double[] {2, 2, 2}, Volume.diagonalAffine(new double[] {2, 2, 2}));
        m.set(1, 1, 1, 3);
        Volume out = Resampler.nearest(m, 1.0);
        assertArrayEquals(new int[] {7, 7, 7}, out.shape());
        for (float x : out.data()) {
            assertEquals(true, x == 0 || x == 3);
        }
        // Output voxels 2 (exactly input 1) and 3 (input 1.5 rounds half up to 2) show the label at input 1.
        assertEquals(3f, out.get(2, 2, 2));
        assertEquals(0f, out.get(3, 2, 2));
        assertEquals(3f, out.get(1, 1, 1), "0.5 rounds up to input index 1");
    }
}
