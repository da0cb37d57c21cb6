package io.tonno.imaging.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tonno.imaging.Volume;
import org.junit.jupiter.api.Test;

class ForegroundMaskTest {
    @Test
    void keepsLargestComponentAndFillsEnclosedCavitiesPerSlice() {
        Volume v = Volume.zeros(20, 20, 20);
        for (int k = 0; k < 20; k++) {
            for (int j = 0; j < 20; j++) {
                for (int i = 0; i < 20; i++) {
                    double r = Math.sqrt(Math.pow(i - 9.5, 2) + Math.pow(j - 9.5, 2) + Math.pow(k - 9.5, 2));
                    if (r < 8 && r > 5) {
                        v.set(i, j, k, 0.8f); // body wall
                    }
                }
            }
        }
        v.set(0, 0, 0, 0.9f); // a speck outside: separate small component
        v.set(9, 9, 9, 0.01f); // the cavity is below threshold
        Volume fg = ForegroundMask.compute(v, 0.1);
        assertEquals(0f, fg.get(0, 0, 0), "speck removed");
        assertEquals(1f, fg.get(9, 9, 9), "cavity filled");
        assertEquals(1f, fg.get(9, 9, 3), "wall kept");
        assertEquals(0f, fg.get(9, 9, 19), "outside stays background");
    }

    @Test
    void emptyWhenNothingExceedsThreshold() {
        Volume fg = ForegroundMask.compute(Volume.zeros(4, 4, 4), 0.5);
        for (float x : fg.data()) {
            assertEquals(0f, x);
        }
    }
}
