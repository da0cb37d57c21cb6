package io.tonno.activities.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tonno.imaging.dataset.Box;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoxesJsonTest {
    @Test
    void boxesRoundTripThroughTheirJsonForm() throws Exception {
        List<Box> boxes = List.of(new Box(1, 2, 3, 4, 5, 6), new Box(0, 0, 0, 0, 0, 0));
        byte[] json = DataActivitiesImpl.boxesJson(boxes);
        assertEquals("[[1,2,3,4,5,6],[0,0,0,0,0,0]]", new String(json, StandardCharsets.UTF_8));
        assertEquals(boxes, DataActivitiesImpl.readBoxes(json));
        assertEquals(List.of(), DataActivitiesImpl.readBoxes(DataActivitiesImpl.boxesJson(List.of())));
    }
}
