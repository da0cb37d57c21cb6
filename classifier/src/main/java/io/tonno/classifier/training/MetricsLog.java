package io.tonno.classifier.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.io.AtomicFiles;
import io.tonno.imaging.io.JsonLines;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.jsonl}: one JSON object per line, appended and flushed as training goes. Training lines
 * {@code {"step", "loss", "lr", "slicesPerSecond"}}; validation lines {@code {"step", "valSliceAuc",
 * "valVolumeAuc", "valBalancedAccuracy", "valVolumeAucMeanLogit"}} and, when the validation cases have masks,
 * {@code "valLesionSliceAuc"} and {@code "valPerfectDetectorSliceAuc"}, the slice AUC of a perfect lesion detector on the same
 * slices ({@code null} where undefined; see
 * {@link TrainingRun.Validation} for the two volume scores). {@code step} counts completed steps.
 */
public final class MetricsLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public MetricsLog(Path file) {
        this.file = file;
    }

    /**
     * Drops lines with {@code step > keepUpTo} (used when resuming from a checkpoint), atomically, and a last line
     * that a process killed while appending left half-written.
     *
     * @throws InvalidInputException naming the file and line when a line before the last is not a JSON object (a
     *                               damaged log, which a retry would not mend); the file is left as it is
     */
    public void truncateAfter(long keepUpTo) throws IOException, InvalidInputException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        // A worker killed while appending leaves a torn last line: the resume drops it with what follows the
        // checkpoint.
        for (JsonLines.Line line : JsonLines.readAppended(file)) {
            if (line.object().path("step").asLong(Long.MAX_VALUE) <= keepUpTo) {
                kept.add(line.text());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String line : kept) {
            sb.append(line).append(System.lineSeparator());
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    public void training(long step, double loss, double lr, double slicesPerSecond) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("step", step);
        n.put("loss", loss);
        n.put("lr", lr);
        n.put("slicesPerSecond", slicesPerSecond);
        append(n);
    }

    /**
     * A validation line; {@code valLesionSliceAuc} and {@code valPerfectDetectorSliceAuc} are written only when defined
     * (when the validation cases have masks).
     */
    public void validation(
            long step,
            double sliceAuc,
            double volumeAuc,
            double balancedAccuracy,
            double meanVolumeAuc,
            double lesionSliceAuc,
            double perfectDetectorSliceAuc)
            throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("step", step);
        putOrNull(n, "valSliceAuc", sliceAuc);
        putOrNull(n, "valVolumeAuc", volumeAuc);
        putOrNull(n, "valBalancedAccuracy", balancedAccuracy);
        putOrNull(n, "valVolumeAucMeanLogit", meanVolumeAuc);
        if (Double.isFinite(lesionSliceAuc)) {
            n.put("valLesionSliceAuc", lesionSliceAuc);
        }
        if (Double.isFinite(perfectDetectorSliceAuc)) {
            n.put("valPerfectDetectorSliceAuc", perfectDetectorSliceAuc);
        }
        append(n);
    }

    private static void putOrNull(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    private void append(ObjectNode n) throws IOException {
        try (Writer w = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(JSON.writeValueAsString(n));
            w.write('\n');
        }
    }
}
