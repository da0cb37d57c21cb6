package io.tonno.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

/** Every id that becomes a key segment is checked again when the key is built. */
class ArtifactKeysTest {
    @Test
    void buildsKeysFromSafeIds() {
        assertEquals("experiments/e-1/data/case_01/image.nii.gz", ArtifactKeys.image("e-1", "case_01"));
        assertEquals("experiments/e/heatmaps/tonno/c.chunks/00003.bin", ArtifactKeys.chunk("e", "tonno", "c", 3));
    }

    @Test
    void refusesUnsafeSegmentsWithANonRetryableInvalidInputFailure() {
        for (String bad : new String[] {"../x", "..", ".x", "a/b", "a\\b", "/abs", "x\u0000", "x\ny", "", "\u00e9"}) {
            ApplicationFailure f = assertThrows(ApplicationFailure.class, () -> ArtifactKeys.image("e", bad), bad);
            assertTrue(f.isNonRetryable());
            assertEquals(Failures.INVALID_INPUT, f.getType());
            assertTrue(f.getOriginalMessage().startsWith("caseId: '"), f.getOriginalMessage());
            assertFalse(f.getOriginalMessage().contains("\n"), f.getOriginalMessage());
        }
        assertThrows(ApplicationFailure.class, () -> ArtifactKeys.root("../other"));
        assertThrows(ApplicationFailure.class, () -> ArtifactKeys.heatmap("e", "../m", "c"));
        assertThrows(ApplicationFailure.class, () -> ArtifactKeys.chunk("e", "m", "c/../../x", 0));
        assertThrows(ApplicationFailure.class, () -> ArtifactKeys.image("e", "x".repeat(129)));
    }
}
