package io.tonno.imaging.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RocTest {
    private static final boolean[] LABELS = {false, false, true, true};

    @Test
    void countsOrderedPairsWithTiesAsHalf() {
        assertEquals(1.0, Roc.auc(new double[] {0.1, 0.2, 0.3, 0.4}, LABELS));
        // Pairs (positive, negative): (0.3, 0.1) yes, (0.3, 0.35) no, (0.4, 0.1) yes, (0.4, 0.35) yes: 3 of 4.
        assertEquals(0.75, Roc.auc(new double[] {0.1, 0.35, 0.3, 0.4}, LABELS));
        assertEquals(0.0, Roc.auc(new double[] {0.4, 0.3, 0.2, 0.1}, LABELS));
        assertEquals(0.5, Roc.auc(new double[] {1, 1, 1, 1}, LABELS));
        // One tie between a positive and a negative (0.2), the other three pairs ordered: (3 + 0.5) / 4.
        assertEquals(0.875, Roc.auc(new double[] {0.1, 0.2, 0.2, 0.4}, LABELS));
        assertEquals(1.0, Roc.auc(new double[] {Double.NEGATIVE_INFINITY, 0, 1, Double.POSITIVE_INFINITY}, LABELS));
    }

    @Test
    void equalsTheBruteForcePairCountOnRandomScores() {
        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + random.nextInt(40);
            double[] s = new double[n];
            boolean[] p = new boolean[n];
            for (int i = 0; i < n; i++) {
                s[i] = random.nextInt(6); // many ties
                p[i] = random.nextBoolean();
            }
            double pairs = 0;
            long count = 0;
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    if (p[a] && !p[b]) {
                        pairs += s[a] > s[b] ? 1 : s[a] == s[b] ? 0.5 : 0;
                        count++;
                    }
                }
            }
            double expected = count == 0 ? Double.NaN : pairs / count;
            assertEquals(expected, Roc.auc(s, p), 1e-12, "trial " + trial);
        }
    }

    @Test
    void undefinedWithOneClassAndRejectsBadInput() {
        assertTrue(Double.isNaN(Roc.auc(new double[] {1, 2}, new boolean[] {true, true})));
        assertTrue(Double.isNaN(Roc.auc(new double[0], new boolean[0])));
        assertThrows(IllegalArgumentException.class, () -> Roc.auc(new double[] {1}, new boolean[2]));
        assertThrows(
                IllegalArgumentException.class,
                () -> Roc.auc(new double[] {Double.NaN, 1}, new boolean[] {true, false}));
    }
}
