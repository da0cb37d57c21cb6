package io.tonno.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.InvalidInputException;
import org.junit.jupiter.api.Test;

class BenchLearningOptionsTest {
    @Test
    void aVariantTurnsOnTheOptionsItNames() throws Exception {
        assertEquals(
                new BenchLearning.Options("slice", false, false, false, false, false),
                BenchLearning.Options.parse("paper"));
        assertEquals(
                new BenchLearning.Options("slice", true, true, true, true, false),
                BenchLearning.Options.parse("paper+balanced+foreground+pretrained+synthesis"));
        assertEquals(
                new BenchLearning.Options("lse", false, false, false, false, false),
                BenchLearning.Options.parse("lse"));
        assertEquals(
                new BenchLearning.Options("slice", true, true, false, false, true),
                BenchLearning.Options.parse("residual+balanced+foreground"));
    }

    @Test
    void anUnknownOptionIsRefusedListingTheKnownOnes() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> BenchLearning.Options.parse("paper+mixup"));
        assertTrue(
                e.getMessage().contains("unknown option mixup")
                        && e.getMessage().contains("synthesis")
                        && e.getMessage().contains("residual"),
                e.getMessage());
    }
}
