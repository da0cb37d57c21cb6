package io.tonno.evaluation.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.io.JsonLines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training metrics log read from JSON Lines: one object per line with an integer {@code step} and
 * numbers. Training lines carry {@code loss} (and usually {@code lr}); validation lines carry fields
 * whose names start with {@code val} ({@code valSliceAuc}, {@code valVolumeAuc},
 * {@code valBalancedAccuracy}, ...; {@code null}, written where a score is undefined, reads as NaN). Blank
 * lines are skipped; other fields, and fields of other types, are ignored.
 *
 * @param trainSteps steps of the training lines
 * @param loss       loss per training line
 * @param lr         learning rate per training line (NaN where absent)
 * @param validation per validation metric name, its (step, value) points in file order (value NaN where null)
 */
public record TrainingLog(double[] trainSteps, double[] loss, double[] lr, Map<String, double[][]> validation) {

    /**
     * @throws InvalidInputException naming the file and line for malformed JSON or a missing step
     */
    public static TrainingLog read(Path file) throws IOException, InvalidInputException {
        List<double[]> train = new ArrayList<>();
        Map<String, List<double[]>> val = new LinkedHashMap<>();
        for (JsonLines.Line line : JsonLines.read(file)) {
            JsonNode node = line.object();
            JsonNode step = node.get("step");
            if (step == null || !step.isNumber()) {
                throw new InvalidInputException(
                        file.toString(), "line " + line.number() + ": step", "must be a number");
            }
            double s = step.asDouble();
            JsonNode loss = node.get("loss");
            if (loss != null && loss.isNumber()) {
                JsonNode lr = node.get("lr");
                train.add(new double[] {s, loss.asDouble(), lr != null && lr.isNumber() ? lr.asDouble() : Double.NaN});
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                // null (undefined, e.g. a split holding one class) is kept as NaN, so the line still counts.
                if (f.getKey().startsWith("val")
                        && (f.getValue().isNumber() || f.getValue().isNull())) {
                    double v = f.getValue().isNumber() ? f.getValue().asDouble() : Double.NaN;
                    val.computeIfAbsent(f.getKey(), key -> new ArrayList<>()).add(new double[] {s, v});
                }
            }
        }
        double[] steps = new double[train.size()];
        double[] loss = new double[train.size()];
        double[] lr = new double[train.size()];
        for (int n = 0; n < train.size(); n++) {
            steps[n] = train.get(n)[0];
            loss[n] = train.get(n)[1];
            lr[n] = train.get(n)[2];
        }
        Map<String, double[][]> validation = new LinkedHashMap<>();
        val.forEach((k, points) -> validation.put(k, points.toArray(new double[0][])));
        return new TrainingLog(steps, loss, lr, validation);
    }
}
