package io.tonno.tomography;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tonno.imaging.Volume;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlicerTest {
    private static Volume ramp(int nx, int ny, int nz) {
        Volume v = Volume.zeros(nx, ny, nz);
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    v.set(i, j, k, 2 * i - 3 * j + 0.5f * k + 1);
                }
            }
        }
        return v;
    }

    @Test
    void sliceThroughVoxelCentreReturnsThatVoxel() {
        Volume v = ramp(5, 6, 7);
        Slicer slicer = new Slicer(v);
        // Voxel (2, 3, 4): p = 2*idx/(n-1) - 1.
        double p0 = 2.0 * 2 / 4 - 1;
        double p1 = 2.0 * 3 / 5 - 1;
        double p2 = 2.0 * 4 / 6 - 1;
        assertEquals(v.get(2, 3, 4), slicer.sample(p0, p1, p2), 1e-5);
        float[] out = new float[1];
        slicer.slice(
                new SlicePlane(new double[] {p0, p1, p2}, new double[] {0.3, 0, 0}, new double[] {0, 0.2, 0}),
                1,
                1,
                out,
                0);
        assertEquals(v.get(2, 3, 4), out[0], 1e-5);
    }

    @Test
    void slicesOfLinearRampAreExactRamps() {
        Volume v = ramp(9, 9, 9);
        Slicer slicer = new Slicer(v);
        double[] n = {0.48, 0.6, 0.64};
        SlicePlane plane = SlicePlane.of(n, 0.1);
        int h = 5;
        int w = 7;
        float[] out = new float[h * w];
        // Keep the slice inside the cube so no zero padding enters.
        SlicePlane inside = new SlicePlane(plane.center(), scale(plane.u(), 0.4), scale(plane.v(), 0.4));
        slicer.slice(inside, h, w, out, 0);
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double ip = 2.0 * i / (h - 1) - 1;
                double jp = 2.0 * j / (w - 1) - 1;
                double[] p = new double[3];
                for (int a = 0; a < 3; a++) {
                    p[a] = inside.center()[a] + ip * inside.u()[a] + jp * inside.v()[a];
                }
                double expected = 2 * idx(p[0], 9) - 3 * idx(p[1], 9) + 0.5 * idx(p[2], 9) + 1;
                assertEquals(expected, out[i * w + j], 1e-4, "pixel " + i + "," + j);
            }
        }
    }

    @Test
    void pointsOutsideTheVolumeGiveZero() {
        Volume v = ramp(4, 4, 4);
        Slicer slicer = new Slicer(v);
        assertEquals(0f, slicer.sample(1.7, 0, 0));
        assertEquals(0f, slicer.sample(0, -1.7, 0));
        assertEquals(0f, slicer.sample(0, 0, 2.5));
        // Half a voxel beyond the last centre interpolates halfway to zero.
        double half = 1 + 1.0 / 3;
        assertEquals(0.5 * v.get(3, 0, 0), slicer.sample(half, -1, -1), 1e-5);
    }

    @Test
    void batchedSlicesDoNotDependOnThreadCount() {
        Volume v = ramp(11, 12, 13);
        Slicer slicer = new Slicer(v);
        DirectionSet dirs = DirectionSet.fibonacci(17);
        List<SlicePlane> planes = new java.util.ArrayList<>();
        for (int l = 0; l < dirs.size(); l++) {
            planes.add(SlicePlane.of(dirs.normal(l), 0.05 * l - 0.4));
        }
        float[] one = new float[planes.size() * 64];
        float[] two = new float[planes.size() * 64];
        slicer.slices(planes, 8, 8, one, 1);
        slicer.slices(planes, 8, 8, two, 2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(one, two);
    }

    @Test
    void parallelSlicesEqualSingleSlicesBitForBit() {
        Volume v = ramp(13, 11, 9);
        Slicer slicer = new Slicer(v);
        DirectionSet dirs = DirectionSet.fibonacci(7);
        double[] offsets = {-1.1, -0.5, 0, 0.3, 1.0, 1.4};
        for (int l = 0; l < dirs.size(); l++) {
            float[] together = new float[offsets.length * 15 * 12 + 5];
            slicer.parallelSlices(dirs.normal(l), dirs.u(l), dirs.v(l), offsets, 15, 12, together, 5, 2);
            for (int b = 0; b < offsets.length; b++) {
                float[] alone = new float[15 * 12];
                slicer.slice(SlicePlane.of(dirs.normal(l), offsets[b]), 15, 12, alone, 0);
                org.junit.jupiter.api.Assertions.assertArrayEquals(
                        alone, java.util.Arrays.copyOfRange(together, 5 + b * 180, 5 + (b + 1) * 180));
            }
        }
    }

    @Test
    void duffBasisIsOrthonormalForLatticeDirections() {
        DirectionSet dirs = DirectionSet.fibonacci(101);
        for (int l = 0; l < dirs.size(); l++) {
            double[] n = dirs.normal(l);
            double[] u = dirs.u(l);
            double[] w = dirs.v(l);
            assertEquals(1, dot(n, n), 1e-12);
            assertEquals(1, dot(u, u), 1e-12);
            assertEquals(1, dot(w, w), 1e-12);
            assertEquals(0, dot(n, u), 1e-12);
            assertEquals(0, dot(n, w), 1e-12);
            assertEquals(0, dot(u, w), 1e-12);
        }
        DirectionSet half = DirectionSet.hemisphere(50);
        double total = 0;
        for (int l = 0; l < half.size(); l++) {
            total += half.weight(l);
            org.junit.jupiter.api.Assertions.assertTrue(half.normal(l)[1] > 0);
        }
        assertEquals(4 * Math.PI, total, 1e-12);
    }

    private static double idx(double p, int n) {
        return (p + 1) / 2 * (n - 1);
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] scale(double[] a, double s) {
        return new double[] {a[0] * s, a[1] * s, a[2] * s};
    }
}
