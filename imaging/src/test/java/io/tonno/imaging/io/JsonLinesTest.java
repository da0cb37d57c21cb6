package io.tonno.imaging.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.imaging.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTest {
    @TempDir
    Path dir;

    @Test
    void readsEachObjectWithItsLineNumberAndText() throws Exception {
        Path f = dir.resolve("m.jsonl");
        Files.writeString(f, "{\"step\":1}\n\n{\"step\":2,\"loss\":0.5}\r\n{\"step\":3}");
        List<JsonLines.Line> lines = JsonLines.read(f);
        assertEquals(
                List.of(1, 3, 4), lines.stream().map(JsonLines.Line::number).toList());
        assertEquals("{\"step\":2,\"loss\":0.5}", lines.get(1).text());
        assertEquals(0.5, lines.get(1).object().get("loss").asDouble());
        assertEquals(3, lines.get(2).object().get("step").asInt(), "an unterminated last line that parses is kept");
    }

    @Test
    void aBadLineNamesTheFileAndTheLine() throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"step\":1}\n{\"step\":\n{\"step\":3}\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> JsonLines.read(f));
        assertEquals(f.toString(), e.source());
        assertEquals("line 2", e.field());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        // A torn line that is not the last one is damage, not an interrupted append.
        assertThrows(InvalidInputException.class, () -> JsonLines.readAppended(f));

        Files.writeString(f, "{\"step\":1}\n[1,2]\n");
        InvalidInputException array = assertThrows(InvalidInputException.class, () -> JsonLines.read(f));
        assertEquals("line 2", array.field());
        assertTrue(array.getMessage().contains("not a JSON object"), array.getMessage());
    }

    @Test
    void anInterruptedAppendIsLeftOutOnlyWhenAskedFor() throws Exception {
        Path f = dir.resolve("log.jsonl");
        Files.writeString(f, "{\"step\":1}\n{\"step\":2}\n{\"step\":3,\"lo");
        assertEquals(2, JsonLines.readAppended(f).size());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> JsonLines.read(f));
        assertEquals("line 3", e.field());
        // The same bytes followed by a line break were written whole: an error in both modes.
        Files.writeString(f, "{\"step\":1}\n{\"step\":3,\"lo\n");
        assertThrows(InvalidInputException.class, () -> JsonLines.readAppended(f));
    }
}
