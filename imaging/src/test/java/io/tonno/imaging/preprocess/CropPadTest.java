package io.tonno.imaging.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tonno.imaging.Volume;
import org.junit.jupiter.api.Test;

class CropPadTest {
    @Test
    void cropAndPadKeepWorldPositions() {
        double[] aff = {0, 2, 0, 5, -1, 0, 0, 3, 0, 0, 3, -1, 0, 0, 0, 1};
        Volume v = Volume.zeros(new int[] {4, 3, 2}, new double[] {1, 2, 3}, aff);
        for (int i = 0; i < v.voxelCount(); i++) {
            v.data()[i] = i + 1;
        }
        int[] off = {-1, 1, 0};
        Volume out = CropPad.extract(v, off, new int[] {6, 2, 2}, -7f);
        assertArrayEquals(new int[] {6, 2, 2}, out.shape());
        assertEquals(-7f, out.get(0, 0, 0), "padded");
        assertEquals(-7f, out.get(5, 0, 0), "padded after");
        assertEquals(v.get(0, 1, 0), out.get(1, 0, 0));
        assertEquals(v.get(3, 2, 1), out.get(4, 1, 1));
        double[] ao = out.affine();
        for (int e = 0; e < 3; e++) {
            double in = aff[e * 4] * 3 + aff[e * 4 + 1] * 2 + aff[e * 4 + 2] * 1 + aff[e * 4 + 3];
            double o = ao[e * 4] * 4 + ao[e * 4 + 1] * 1 + ao[e * 4 + 2] * 1 + ao[e * 4 + 3];
            assertEquals(in, o, 1e-12);
        }
    }

    @Test
    void boundsOfNonZeroVoxels() {
        Volume v = Volume.zeros(5, 5, 5);
        v.set(1, 2, 3, 1);
        v.set(3, 2, 4, 1);
        assertArrayEquals(new int[] {1, 2, 3, 3, 2, 4}, CropPad.nonZeroBounds(v));
        assertEquals(null, CropPad.nonZeroBounds(Volume.zeros(2, 2, 2)));
        assertEquals(-2, CropPad.centredOffset(4, 8));
        assertEquals(2, CropPad.centredOffset(8, 4));
    }
}
