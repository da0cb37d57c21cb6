package io.tonno.tomography;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DirectionLatticeTest {
    @ParameterizedTest
    @EnumSource(DirectionLattice.class)
    void unitNormalsWithEqualWeightsSummingToTheSphere(DirectionLattice lattice) {
        DirectionSet d = lattice.directions(300);
        assertEquals(300, d.size());
        assertEquals(lattice != DirectionLattice.SPHERE, lattice.hemisphere());
        assertEquals(lattice.hemisphere(), d.isHemisphere());
        double total = 0;
        for (int l = 0; l < d.size(); l++) {
            double[] n = d.normal(l);
            assertEquals(1, n[0] * n[0] + n[1] * n[1] + n[2] * n[2], 1e-12, "unit normal " + l);
            if (lattice.hemisphere()) {
                assertTrue(n[1] >= 0, "normal " + l + " below the equator: y = " + n[1]);
            }
            assertEquals(d.weight(0), d.weight(l), 0);
            total += d.weight(l);
        }
        assertEquals(4 * Math.PI, total, 1e-9);
        assertArrayEquals(d.normal(123), lattice.directions(300).normal(123), 0, "deterministic");
        assertEquals(lattice, DirectionLattice.parse(lattice.id().toUpperCase()));
    }

    @Test
    void relaxationEvensOutTheAxesOfTheHemisphere() {
        // The 2L axes a hemisphere set stands for (each normal and its antipode): the relaxed set covers the
        // sphere more tightly (smaller largest gap) and keeps its axes further apart than the cut Fibonacci lattice.
        int count = 500;
        double[] fibonacci = gaps(DirectionSet.hemisphere(count));
        double[] relaxed = gaps(DirectionSet.relaxedHemisphere(count));
        double[] random = gaps(DirectionSet.randomHemisphere(count, count));
        assertTrue(relaxed[0] < 0.95 * fibonacci[0], "covering radius " + relaxed[0] + " vs " + fibonacci[0]);
        assertTrue(relaxed[1] > 1.3 * fibonacci[1], "separation " + relaxed[1] + " vs " + fibonacci[1]);
        assertTrue(random[0] > 1.5 * fibonacci[0], "random covering radius " + random[0] + " vs " + fibonacci[0]);
    }

    @Test
    void unknownLatticeNamesTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DirectionLattice.parse("cube"));
        assertTrue(e.getMessage().contains("'cube'") && e.getMessage().contains("relaxed-hemisphere"), e.getMessage());
    }

    @Test
    void sinogramKeepsItsLatticeThroughBytes() {
        Sinogram s =
                new Sinogram(7, DirectionLattice.RELAXED_HEMISPHERE, 2, 3, 2, new double[] {1, 2, 3, 4, 5, 6, 7, 8});
        Sinogram back = Sinogram.fromBytes(s.toBytes());
        assertEquals(DirectionLattice.RELAXED_HEMISPHERE, back.lattice());
        assertArrayEquals(s.scores(), back.scores(), 0);
        // The sphere and the hemisphere keep the codes 0 and 1 that sinograms carried before the other lattices.
        byte[] bytes = new Sinogram(7, DirectionLattice.HEMISPHERE, 2, 0, 1, new double[4]).toBytes();
        assertEquals(1, bytes[12]);
        bytes[12] = 9;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sinogram.fromBytes(bytes));
        assertTrue(e.getMessage().contains("lattice 9"), e.getMessage());
        IllegalArgumentException mixed = assertThrows(
                IllegalArgumentException.class,
                () -> Sinogram.merge(java.util.List.of(
                        new Sinogram(7, DirectionLattice.HEMISPHERE, 2, 0, 1, new double[4]),
                        new Sinogram(7, DirectionLattice.RELAXED_HEMISPHERE, 2, 1, 1, new double[4]))));
        assertTrue(mixed.getMessage().contains("lattice"), mixed.getMessage());
    }

    /** {largest angle from a test direction to its nearest axis, smallest angle between two axes}, in radians. */
    private static double[] gaps(DirectionSet d) {
        int n = d.size();
        double[][] axes = new double[2 * n][];
        for (int l = 0; l < n; l++) {
            double[] p = d.normal(l);
            axes[l] = p;
            axes[n + l] = new double[] {-p[0], -p[1], -p[2]};
        }
        double separation = Math.PI;
        for (int i = 0; i < axes.length; i++) {
            for (int j = i + 1; j < axes.length; j++) {
                separation = Math.min(separation, Math.acos(Math.max(-1, Math.min(1, dot(axes[i], axes[j])))));
            }
        }
        SplittableRandom random = new SplittableRandom(7);
        double cover = 0;
        for (int t = 0; t < 20_000; t++) {
            double z = 2 * random.nextDouble() - 1;
            double phi = 2 * Math.PI * random.nextDouble();
            double r = Math.sqrt(1 - z * z);
            double[] q = {r * Math.cos(phi), r * Math.sin(phi), z};
            double best = -1;
            for (double[] a : axes) {
                best = Math.max(best, dot(a, q));
            }
            cover = Math.max(cover, Math.acos(Math.min(1, best)));
        }
        return new double[] {cover, separation};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
