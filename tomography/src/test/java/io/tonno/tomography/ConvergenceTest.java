package io.tonno.tomography;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.Volume;
import org.junit.jupiter.api.Test;

/** A sharp phantom converges as the direction count L and the slice count M grow. */
class ConvergenceTest {
    static final int[] DIRECTIONS = {100, 300, 1000};
    static final int[] SLICES = {16, 32, 64};

    /** Relative L2 error inside radius 0.84 for each (L, M), ToNNO with radon-sum on 24³ ellipsoids, 40×40 slices. */
    static double[][] errorTable() {
        Volume v = Phantoms.ellipsoids(24);
        double[][] err = new double[DIRECTIONS.length][SLICES.length];
        for (int a = 0; a < DIRECTIONS.length; a++) {
            for (int b = 0; b < SLICES.length; b++) {
                Reconstruction rec = new Reconstruction(ReconstructionSettings.of(DIRECTIONS[a], SLICES[b], 40));
                err[a][b] = Phantoms.relativeL2(rec.tonno(v, new RadonSumScorer()), v, 0.84);
            }
        }
        return err;
    }

    @Test
    void sharpEllipsoidPhantomImprovesMonotonicallyWithDirectionsAndSlices() {
        double[][] err = errorTable();
        for (int a = 0; a < DIRECTIONS.length; a++) {
            StringBuilder row = new StringBuilder("L=" + DIRECTIONS[a]);
            for (int b = 0; b < SLICES.length; b++) {
                row.append(String.format("  M=%d: %.4f", SLICES[b], err[a][b]));
            }
            System.out.println(row);
        }
        for (int a = 0; a < DIRECTIONS.length; a++) {
            for (int b = 0; b < SLICES.length; b++) {
                if (a > 0) {
                    assertTrue(err[a][b] < err[a - 1][b], "L " + DIRECTIONS[a] + " not better at M " + SLICES[b]);
                }
                if (b > 0) {
                    assertTrue(err[a][b] < err[a][b - 1], "M " + SLICES[b] + " not better at L " + DIRECTIONS[a]);
                }
            }
        }
    }
}
