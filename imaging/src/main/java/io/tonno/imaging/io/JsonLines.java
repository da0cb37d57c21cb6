package io.tonno.imaging.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.imaging.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON Lines file (one JSON object per line, UTF-8; blank lines skipped): the training metrics log
 * ({@code metrics.jsonl}) and the lines a bench printed. A line that is not a JSON object is an
 * {@link InvalidInputException} naming the file and the line ({@code line 12}).
 */
public final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {}

    /**
     * One line of the file.
     *
     * @param number 1-based line number in the file (blank lines counted)
     * @param text   the line as written, without its line break
     * @param object the line's object
     */
    public record Line(int number, String text, JsonNode object) {}

    /**
     * Every non-blank line of {@code file}, in file order.
     *
     * @throws InvalidInputException naming the file and line that is not valid JSON or not an object
     */
    public static List<Line> read(Path file) throws IOException, InvalidInputException {
        return read(file, false);
    }

    /**
     * As {@link #read(Path)}, for a log that a process appends to: a last line with no line break after it that is not
     * valid JSON is the append of a process killed while writing it, and is left out instead of failing.
     */
    public static List<Line> readAppended(Path file) throws IOException, InvalidInputException {
        return read(file, true);
    }

    private static List<Line> read(Path file, boolean dropTornLast) throws IOException, InvalidInputException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        String[] lines = content.split("\r?\n", -1);
        // split(..., -1) leaves "" after a final line break; a non-empty last element had none.
        boolean lastUnterminated = !lines[lines.length - 1].isEmpty();
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String text = lines[i];
            if (text.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                if (dropTornLast && lastUnterminated && i == lines.length - 1) {
                    break;
                }
                throw new InvalidInputException(
                        file.toString(), "line " + (i + 1), "is not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (node == null || !node.isObject()) {
                throw new InvalidInputException(file.toString(), "line " + (i + 1), "is not a JSON object");
            }
            out.add(new Line(i + 1, text, node));
        }
        return out;
    }
}
