package io.tonno.classifier.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BilinearTest {
    @Test
    void alignCornersKeepsEndpointsAndInterpolatesBetween() {
        // 3 samples onto 5: positions 0, 0.5, 1, 1.5, 2.
        double[] r = Bilinear.alignCorners(3, 5);
        float[] in = {1, 3, 7};
        float[] out = new float[5];
        Bilinear.resize(in, 0, 1, 3, new double[] {1}, 1, r, 5, out, 0);
        assertArrayEquals(new float[] {1, 2, 3, 5, 7}, out, 1e-6f);
    }

    @Test
    void cellCentresSitAtBlockCentresAndHoldBeyondTheOutermost() {
        // 2 cells of 4 pixels each: centres at pixel 1.5 and 5.5.
        double[] r = Bilinear.cellCentres(2, 8);
        float[] in = {0, 8};
        float[] out = new float[8];
        Bilinear.resize(in, 0, 1, 2, new double[] {1}, 1, r, 8, out, 0);
        assertArrayEquals(new float[] {0, 0, 1, 3, 5, 7, 8, 8}, out, 1e-6f);
    }

    @Test
    void resizeIsSeparableOverRowsAndColumns() {
        float[] in = {1, 2, 3, 4}; // 2x2
        float[] out = new float[9];
        double[] r = Bilinear.alignCorners(2, 3);
        Bilinear.resize(in, 0, 2, 2, r, 3, r, 3, out, 0);
        assertArrayEquals(new float[] {1, 1.5f, 2, 2, 2.5f, 3, 3, 3.5f, 4}, out, 1e-6f);
        double[] product = Bilinear.multiply(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8}, 2, 2, 2);
        assertEquals(19, product[0], 0);
        assertEquals(50, product[3], 0);
    }
}
