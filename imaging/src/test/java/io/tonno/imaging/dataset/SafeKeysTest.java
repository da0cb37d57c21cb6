package io.tonno.imaging.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SafeKeysTest {
    @Test
    void acceptsLettersDigitsDotUnderscoreDash() {
        assertEquals("case_01.v2-b", SafeKeys.check("case_01.v2-b"));
        assertTrue(SafeKeys.isSafe("A9"));
    }

    @Test
    void refusesTraversalHiddenSeparatorsAndEmpty() {
        for (String bad : new String[] {"", "..", "a..b", ".hidden", "a/b", "a\\b", "a b", "é", "x".repeat(129)}) {
            assertFalse(SafeKeys.isSafe(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> SafeKeys.check(bad));
        }
        assertFalse(SafeKeys.isSafe(null));
    }
}
