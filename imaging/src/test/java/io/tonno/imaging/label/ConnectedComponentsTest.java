package io.tonno.imaging.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import org.junit.jupiter.api.Test;

class ConnectedComponentsTest {

    /** Builds a mask from slices written as strings, {@code '#'} = foreground; rows are j, columns i. */
    static boolean[] mask(String[]... slices) {
        int nz = slices.length;
        int ny = slices[0].length;
        int nx = slices[0][0].length();
        boolean[] m = new boolean[nx * ny * nz];
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    m[i + nx * (j + ny * k)] = slices[k][j].charAt(i) == '#';
                }
            }
        }
        return m;
    }

    @Test
    void countsFaceEdgeAndCornerNeighboursByConnectivity() {
        // k=0: a voxel at (0,0); k=1: a voxel at (1,0) sharing an edge with it; (3,3) at k=1 touches
        // (2,2) at k=0 through a corner only; (3,0) k=0 is alone.
        boolean[] m =
                mask(new String[] {"#..#", "....", "..#.", "...."}, new String[] {".#..", "....", "....", "...#"});
        assertEquals(5, ConnectedComponents.label(m, 4, 4, 2, Connectivity.SIX).count());
        assertEquals(
                4, ConnectedComponents.label(m, 4, 4, 2, Connectivity.EIGHTEEN).count());
        assertEquals(
                3,
                ConnectedComponents.label(m, 4, 4, 2, Connectivity.TWENTY_SIX).count());
    }

    @Test
    void numbersComponentsByFirstVoxelAndReportsSizesAndBoxes() {
        boolean[] m = mask(new String[] {"##...", ".....", "....#"}, new String[] {"#....", "...##", "....#"});
        Labeling l = ConnectedComponents.label(m, 5, 3, 2, Connectivity.SIX);
        assertEquals(2, l.count());
        // Component 1 holds (0,0,0),(1,0,0),(0,0,1); component 2 is the L at the right.
        assertEquals(3, l.voxelCount(1));
        assertEquals(4, l.voxelCount(2));
        assertEquals(new Box(0, 0, 0, 1, 0, 1), l.box(1));
        assertEquals(new Box(3, 1, 0, 4, 2, 1), l.box(2));
        assertEquals(2, l.largest());
        int[] expected = {
            1, 1, 0, 0, 0,
            0, 0, 0, 0, 0,
            0, 0, 0, 0, 2,
            1, 0, 0, 0, 0,
            0, 0, 0, 2, 2,
            0, 0, 0, 0, 2
        };
        assertArrayEquals(expected, l.labels());
    }

    @Test
    void mergesAUShapeWhoseArmsMeetOnlyAtTheBottom() {
        // Two arms that start as separate provisional labels and are joined later in the scan.
        boolean[] m = mask(new String[] {"#.#", "#.#", "###"});
        Labeling l = ConnectedComponents.label(m, 3, 3, 1, Connectivity.SIX);
        assertEquals(1, l.count());
        assertEquals(7, l.voxelCount(1));
    }

    @Test
    void labelsASpiralWithoutRecursion() {
        // A long thin 3D snake (one voxel wide) would overflow a recursive flood fill's stack.
        int nx = 200;
        int ny = 200;
        int nz = 3;
        boolean[] m = new boolean[nx * ny * nz];
        for (int j = 0; j < ny; j += 2) {
            for (int i = 0; i < nx; i++) {
                m[i + nx * j] = true;
            }
            int link = (j / 2) % 2 == 0 ? nx - 1 : 0;
            if (j + 1 < ny) {
                m[link + nx * (j + 1)] = true;
            }
        }
        Labeling l = ConnectedComponents.label(m, nx, ny, nz, Connectivity.SIX);
        assertEquals(1, l.count());
        // 100 full rows of 200 plus 100 one-voxel links (the last one dangles at j = 199).
        assertEquals(100 * 200 + 100, l.voxelCount(1));
    }

    @Test
    void emptyMaskHasNoComponents() {
        Labeling l = ConnectedComponents.label(new boolean[27], 3, 3, 3, Connectivity.TWENTY_SIX);
        assertEquals(0, l.count());
        assertEquals(0, l.largest());
        assertThrows(IndexOutOfBoundsException.class, () -> l.voxelCount(1));
    }

    @Test
    void treatsNonZeroNonNanVoxelsOfAVolumeAsForeground() {
        Volume v = Volume.zeros(3, 1, 1);
        v.data()[0] = 0.5f;
        v.data()[1] = Float.NaN;
        v.data()[2] = -2f;
        assertEquals(2, ConnectedComponents.label(v, Connectivity.TWENTY_SIX).count());
    }

    @Test
    void fullCubeIsOneComponentWithTheWholeBox() {
        boolean[] m = new boolean[4 * 5 * 6];
        java.util.Arrays.fill(m, true);
        Labeling l = ConnectedComponents.label(m, 4, 5, 6, Connectivity.SIX);
        assertEquals(1, l.count());
        assertEquals(120, l.voxelCount(1));
        assertEquals(new Box(0, 0, 0, 3, 4, 5), l.box(1));
    }

    @Test
    void rejectsMaskWhoseLengthDoesNotMatchTheShape() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ConnectedComponents.label(new boolean[10], 3, 3, 1, Connectivity.SIX));
    }
}
