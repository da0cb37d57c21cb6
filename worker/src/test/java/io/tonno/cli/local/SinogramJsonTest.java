package io.tonno.cli.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.tomography.DirectionLattice;
import io.tonno.tomography.Sinogram;
import org.junit.jupiter.api.Test;

/** The ToNNO chunk result travels as JSON between workers (Jackson handles the record as is). */
public class SinogramJsonTest {
    @Test
    void sinogramRoundTripsThroughJackson() throws Exception {
        Sinogram s = new Sinogram(
                10, DirectionLattice.RELAXED_HEMISPHERE, 3, 4, 2, new double[] {1, 2, 3, 4, 5, -6, 7.5, 8, 9, 1e-300});
        ObjectMapper mapper = new ObjectMapper();
        Sinogram back = mapper.readValue(mapper.writeValueAsString(s), Sinogram.class);
        assertEquals(s.directions(), back.directions());
        assertEquals(DirectionLattice.RELAXED_HEMISPHERE, back.lattice());
        assertEquals(s.first(), back.first());
        assertArrayEquals(s.scores(), back.scores());
    }
}
