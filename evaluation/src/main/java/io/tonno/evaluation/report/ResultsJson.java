package io.tonno.evaluation.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tonno.evaluation.MethodResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of the results: {@code {"table": [rows], "results": [full MethodResult]}}. Non-finite
 * numbers are written as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (Jackson's
 * default), which Jackson reads back into doubles.
 */
public final class ResultsJson {
    private ResultsJson() {}

    /** A mapper configured like the one that writes the results files. */
    public static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * Reads back the {@code results} of {@link #toJson}, e.g. to build a report from stored results. Files written
     * before a score existed read it as undefined (NaN), not as 0: the volume AUC ({@code pooled.volumeAuc}) and the
     * heatmap peak of each case ({@code cases[].peak}).
     */
    public static List<MethodResult> read(String json) throws IOException {
        ObjectMapper m = mapper();
        JsonNode results = m.readTree(json).get("results");
        if (results != null) {
            for (JsonNode r : results) {
                undefinedIfAbsent(r.get("pooled"), "volumeAuc");
                JsonNode cases = r.get("cases");
                if (cases != null) {
                    cases.forEach(c -> undefinedIfAbsent(c, "peak"));
                }
            }
        }
        return m.readerForListOf(MethodResult.class).readValue(results);
    }

    private static void undefinedIfAbsent(JsonNode node, String field) {
        if (node instanceof ObjectNode o && !o.has(field)) {
            o.put(field, "NaN");
        }
    }

    public static String toJson(List<MethodResult> results) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("table", ResultsTable.of(results).rows());
        root.put("results", results);
        return mapper().writeValueAsString(root) + "\n";
    }
}
