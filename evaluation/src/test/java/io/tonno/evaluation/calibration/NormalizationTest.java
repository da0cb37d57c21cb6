package io.tonno.evaluation.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalizationTest {
    @Test
    void parsesAndPrintsTheThreeForms() {
        assertEquals(Normalization.RAW, Normalization.parse("raw"));
        assertEquals(Normalization.PER_VOLUME_MAX, Normalization.parse("MAX"));
        assertEquals(Normalization.percentile(99), Normalization.parse("percentile:99"));
        assertEquals("percentile:99.5", Normalization.parse("percentile:99.5").label());
        assertEquals("percentile:99", Normalization.percentile(99).label());
        assertEquals("max", Normalization.PER_VOLUME_MAX.label());
    }

    @Test
    void rejectsUnknownFormsAndPercentilesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> Normalization.parse("minmax"));
        assertThrows(IllegalArgumentException.class, () -> Normalization.parse("percentile:abc"));
        assertThrows(IllegalArgumentException.class, () -> Normalization.percentile(0));
        assertThrows(IllegalArgumentException.class, () -> Normalization.percentile(101));
    }
}
