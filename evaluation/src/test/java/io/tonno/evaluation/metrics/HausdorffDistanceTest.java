package io.tonno.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HausdorffDistanceTest {
    private static final HausdorffDistance.Options HD95 = HausdorffDistance.Options.HD95;

    @Test
    void measuresMillimetresWithSpacing() {
        boolean[] pred = Masks.of(new String[] {"..#......."});
        boolean[] truth = Masks.of(new String[] {".....#...."});
        // Three voxels apart along i at 2 mm per voxel.
        assertEquals(
                6.0, HausdorffDistance.compute(pred, truth, new int[] {10, 1, 1}, new double[] {2, 1, 1}, HD95), 1e-12);
    }

    @Test
    void interpolatesThePercentileBetweenOrderStatistics() {
        boolean[] pred = Masks.of(new String[] {".....", ".....", "..#.#", ".....", "....."});
        boolean[] truth = Masks.of(new String[] {".....", ".....", "..#..", ".....", "....."});
        // pred -> truth distances {0, 2}: 95th percentile = 0 + 0.95 * 2; truth -> pred {0}.
        int[] shape = {5, 5, 1};
        double[] unit = {1, 1, 1};
        assertEquals(1.9, HausdorffDistance.compute(pred, truth, shape, unit, HD95), 1e-12);
        HausdorffDistance.Options max = new HausdorffDistance.Options(100, Double.NaN, Double.POSITIVE_INFINITY);
        assertEquals(2.0, HausdorffDistance.compute(pred, truth, shape, unit, max), 1e-12);
    }

    @Test
    void usesSurfaceVoxelsOnlySoACubeCentreIsNotPartOfItsSurface() {
        boolean[] truth = Masks.cube(5, 1, 3);
        boolean[] pred = Masks.cube(5, 2, 2);
        // pred -> truth surface: 1. truth surface (26 voxels) -> centre: 6 at 1, 12 at sqrt 2,
        // 8 at sqrt 3; the 95th percentile sits at position 23.75 among the sorted 26, both sqrt 3.
        assertEquals(
                Math.sqrt(3),
                HausdorffDistance.compute(pred, truth, new int[] {5, 5, 5}, new double[] {1, 1, 1}, HD95),
                1e-12);
        // With 3 mm along k: sorted {1 x4, sqrt2 x4, 3 x2, sqrt10 x8, sqrt11 x8}; positions 23, 24 are sqrt 11.
        assertEquals(
                Math.sqrt(11),
                HausdorffDistance.compute(pred, truth, new int[] {5, 5, 5}, new double[] {1, 1, 3}, HD95),
                1e-12);
    }

    @Test
    void identicalMasksAreZeroApart() {
        boolean[] m = Masks.cube(6, 1, 4);
        assertEquals(0.0, HausdorffDistance.compute(m, m.clone(), new int[] {6, 6, 6}, new double[] {1, 1, 1}, HD95));
    }

    @Test
    void masksTouchingTheVolumeBorderHaveTheirBorderVoxelsOnTheSurface() {
        boolean[] truth = Masks.of(new String[] {"###"}, new String[] {"###"}, new String[] {"###"});
        boolean[] pred = Masks.of(new String[] {"#.."}, new String[] {"..."}, new String[] {"..."});
        // Every truth voxel is on the surface (outside counts as background); farthest is (2,0,2) at sqrt 8.
        HausdorffDistance.Options max = new HausdorffDistance.Options(100, Double.NaN, Double.POSITIVE_INFINITY);
        assertEquals(
                Math.sqrt(8),
                HausdorffDistance.compute(pred, truth, new int[] {3, 1, 3}, new double[] {1, 1, 1}, max),
                1e-12);
    }

    @Test
    void emptyMasksFollowTheNamedConventions() {
        boolean[] empty = new boolean[27];
        boolean[] some = Masks.cube(3, 1, 1);
        int[] shape = {3, 3, 3};
        double[] unit = {1, 1, 1};
        assertEquals(Double.NaN, HausdorffDistance.compute(empty, empty, shape, unit, HD95));
        assertEquals(Double.POSITIVE_INFINITY, HausdorffDistance.compute(empty, some, shape, unit, HD95));
        assertEquals(Double.POSITIVE_INFINITY, HausdorffDistance.compute(some, empty, shape, unit, HD95));
        HausdorffDistance.Options custom = new HausdorffDistance.Options(95, 0.0, 373.0);
        assertEquals(0.0, HausdorffDistance.compute(empty, empty, shape, unit, custom));
        assertEquals(373.0, HausdorffDistance.compute(empty, some, shape, unit, custom));
    }
}
