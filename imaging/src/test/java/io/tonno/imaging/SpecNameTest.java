package io.tonno.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SpecNameTest {
    enum Norm implements SpecName {
        BN,
        FROZEN_BN,
        GN
    }

    @Test
    void constantsAreWrittenInLowerCaseWithDashesAndReadBackIgnoringCaseAndBlanks() {
        assertEquals("frozen-bn", Norm.FROZEN_BN.id());
        assertEquals(Norm.FROZEN_BN, SpecName.parse(Norm.class, " Frozen-BN ", "norm"));
        assertEquals(Norm.GN, SpecName.parse(Norm.class, "gn", "norm"));
    }

    @Test
    void anUnknownValueNamesTheOptionTheValueAndWhatIsAccepted() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SpecName.parse(Norm.class, "frozen_bn", "norm"));
        assertEquals("unknown norm 'frozen_bn', expected bn, frozen-bn, gn", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpecName.parse(Norm.class, null, "norm"));
    }
}
