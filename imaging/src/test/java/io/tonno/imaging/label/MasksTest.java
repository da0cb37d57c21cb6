package io.tonno.imaging.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class MasksTest {
    /** A 5×4×3 grid with anisotropic spacing and a shifted affine, so that geometry must be carried over. */
    private static Volume grid() {
        double[] spacing = {0.5, 1.0, 2.5};
        double[] affine = Volume.diagonalAffine(spacing);
        affine[3] = -7;
        return Volume.zeros(new int[] {5, 4, 3}, spacing, affine);
    }

    @Test
    void setVoxelsAreNonZeroAndNotNaN() {
        Volume v = grid();
        v.set(1, 2, 0, 0.25f);
        v.set(4, 3, 2, -3f);
        v.set(0, 0, 1, Float.NaN);
        boolean[] m = Masks.of(v);
        assertEquals(2, Masks.count(m));
        assertTrue(m[v.index(1, 2, 0)] && m[v.index(4, 3, 2)]);
        assertFalse(m[v.index(0, 0, 1)], "NaN is not in the mask");
        assertTrue(Masks.any(v));
        Volume onlyNaN = grid();
        onlyNaN.set(2, 2, 2, Float.NaN);
        assertFalse(Masks.any(onlyNaN));
    }

    @Test
    void maskBecomesOnesAndZerosOnTheGridItCameFrom() {
        Volume like = grid();
        boolean[] m = new boolean[like.voxelCount()];
        m[like.index(3, 1, 2)] = true;
        Volume out = Masks.toVolume(m, like);
        assertArrayEquals(like.shape(), out.shape());
        assertArrayEquals(like.spacing(), out.spacing());
        assertArrayEquals(like.affine(), out.affine());
        assertEquals(1f, out.get(3, 1, 2));
        assertEquals(1.0, sum(out));
        assertArrayEquals(m, Masks.of(out), "round trip");
        assertThrows(IllegalArgumentException.class, () -> Masks.toVolume(new boolean[7], like));
    }

    @Test
    void boxesAreFilledInclusivelyAndOverlapsCountOnce() {
        Volume like = grid();
        Volume filled = Masks.fill(List.of(new Box(1, 0, 0, 2, 1, 0), new Box(2, 1, 0, 4, 3, 2)), like);
        // 2·2·1 + 3·3·3 - overlap (voxel (2, 1, 0)) = 4 + 27 - 1.
        assertEquals(30.0, sum(filled));
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 4; j++) {
                for (int i = 0; i < 5; i++) {
                    boolean inFirst = i >= 1 && i <= 2 && j <= 1 && k == 0;
                    boolean inSecond = i >= 2 && j >= 1;
                    assertEquals(inFirst || inSecond ? 1f : 0f, filled.get(i, j, k), i + "," + j + "," + k);
                }
            }
        }
        assertArrayEquals(like.spacing(), filled.spacing());
        assertEquals(0.0, sum(Masks.fill(List.of(), like)), "no boxes: a negative volume");
    }

    @Test
    void aBoxOutsideTheVolumeIsRefusedNamingBoxAndShape() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Masks.fill(List.of(new Box(0, 0, 0, 5, 1, 1)), grid()));
        assertTrue(e.getMessage().contains("i1=5") && e.getMessage().contains("[5, 4, 3]"), e.getMessage());
    }

    private static double sum(Volume v) {
        double s = 0;
        for (float f : v.data()) {
            s += f;
        }
        return s;
    }
}
