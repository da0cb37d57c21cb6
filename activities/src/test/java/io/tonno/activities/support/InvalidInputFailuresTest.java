package io.tonno.activities.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.failure.ApplicationFailure;
import io.tonno.imaging.InvalidInputException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class InvalidInputFailuresTest {
    @Test
    void invalidInputBecomesANonRetryableFailureNamingFileAndField() {
        ApplicationFailure f = assertThrows(
                ApplicationFailure.class,
                () -> InvalidInputFailures.call(() -> {
                    throw new InvalidInputException("data/case-3.nii.gz", "dim[0]", "must be 3 or 4, got 7");
                }));
        assertEquals("InvalidInput", f.getType());
        assertTrue(f.isNonRetryable());
        assertEquals("data/case-3.nii.gz: dim[0]: must be 3 or 4, got 7", f.getOriginalMessage());
        assertEquals("dim[0]", f.getDetails().get(1, String.class));
    }

    @Test
    void otherCheckedExceptionsStayRetryable() {
        RuntimeException e = assertThrows(
                RuntimeException.class,
                () -> InvalidInputFailures.call(() -> {
                    throw new IOException("store unreachable");
                }));
        assertFalse(e instanceof ApplicationFailure af && af.isNonRetryable());
        assertTrue(e.getCause() instanceof IOException);
    }

    @Test
    void aMisconfiguredEngineIsNonRetryableAndSaysHowToFixTheWorker() {
        ApplicationFailure f = assertThrows(
                ApplicationFailure.class,
                () -> InvalidInputFailures.call(() -> {
                    throw new io.tonno.classifier.nn.Engines.MisconfiguredEngineException(
                            "the PyTorch engine computes wrong convolutions on this CPU; restart with ONEDNN_MAX_CPU_ISA=AVX2");
                }));
        assertEquals("MisconfiguredWorker", f.getType());
        assertTrue(f.isNonRetryable());
        assertTrue(f.getOriginalMessage().contains("ONEDNN_MAX_CPU_ISA=AVX2"), f.getOriginalMessage());
    }
}
