package io.tonno.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One line per stage on a terminal (redrawn in place), a few plain lines per stage elsewhere. */
public class ProgressDisplayTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicLong clock = new AtomicLong();

    private ProgressDisplay display(boolean terminal) {
        return new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal, 60, clock::get);
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Three stages of 200 updates each, 50 ms apart; a message in the middle one. */
    private void run(ProgressDisplay d) {
        for (String stage : List.of("preprocess", "train", "reconstruct")) {
            for (int i = 0; i <= 200; i++) {
                clock.addAndGet(50_000_000L);
                d.update(stage, i / 200.0, "step " + i + "/200");
                if (stage.equals("train") && i == 100) {
                    d.message("step 100 validation: AUC 0.9");
                }
            }
        }
        d.close();
    }

    @Test
    void aTerminalKeepsOneLinePerStageRedrawnInPlaceWithinItsWidth() {
        run(display(true));
        String out = text();
        List<String> lines = List.of(out.split("\n"));
        assertEquals(4, lines.size(), out);
        assertTrue(out.endsWith("\n"), out);
        assertTrue(out.contains("\r"), "no in-place redraw");
        // What the screen shows of each line: the text after the last carriage return, erase codes dropped.
        List<String> shown = lines.stream()
                .map(l -> l.substring(l.lastIndexOf('\r') + 1).replace("\033[K", ""))
                .toList();
        assertTrue(
                shown.get(0).startsWith("preprocess   [####################] 100%  step 200/200  10s"), shown.get(0));
        assertEquals("step 100 validation: AUC 0.9", shown.get(1));
        assertTrue(shown.get(2).startsWith("train        [####################] 100%  step 200/200"), shown.get(2));
        assertTrue(shown.get(3).startsWith("reconstruct"), shown.get(3));
        for (String l : shown) {
            assertTrue(l.length() <= 59, "longer than the terminal: " + l);
        }
        // Redraws are limited to ten a second: 200 updates 50 ms apart draw about 100 times, not 200.
        long redraws = out.chars().filter(c -> c == '\r').count();
        assertTrue(redraws < 400, "redrawn " + redraws + " times");
    }

    @Test
    void plainOutputPrintsEachStageStartQuartersAndEndOnly() {
        run(display(false));
        String out = text();
        assertFalse(out.contains("\r"), out);
        assertFalse(out.contains("\033"), out);
        List<String> lines = out.lines().toList();
        // Per stage: 0 %, 25 %, 50 %, 75 %, 100 %; plus the message.
        assertEquals(16, lines.size(), out);
        assertTrue(lines.get(0).startsWith("preprocess   [....................]   0%  step 0/200"), lines.get(0));
        assertTrue(lines.get(2).startsWith("preprocess   [##########..........]  50%  step 100/200"), lines.get(2));
        assertTrue(
                lines.get(4).startsWith("preprocess   [####################] 100%  step 200/200  10s"), lines.get(4));
        assertTrue(lines.contains("step 100 validation: AUC 0.9"), out);
    }

    @Test
    void aStageEndsWithItsLastStateEvenBetweenQuarters() {
        ProgressDisplay d = display(false);
        d.update("train", 0.1, "step 10/100");
        d.update("train", 0.2, "step 20/100");
        d.update("evaluate", Double.NaN, "");
        d.update("evaluate", Double.NaN, "scored");
        d.close();
        List<String> lines = text().lines().toList();
        assertEquals(4, lines.size(), text());
        assertTrue(lines.get(1).startsWith("train        [####................]  20%  step 20/100"), lines.get(1));
        assertEquals("evaluate      0s", lines.get(2));
        assertEquals("evaluate      scored  0s", lines.get(3));
    }

    @Test
    void elapsedTimesReadAsSecondsThenMinutes() {
        assertEquals("0s", ProgressDisplay.elapsed(0));
        assertEquals("59s", ProgressDisplay.elapsed(59_000_000_000L));
        assertEquals("3m05s", ProgressDisplay.elapsed(185_000_000_000L));
    }
}
