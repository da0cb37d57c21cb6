package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code stages/{stage}/manifest.json}: the record that a stage finished, written last. A relaunch
 * of the experiment skips a stage whose manifest has the same {@code stageHash} and
 * {@code codeVersion}, taking its outputs and metrics from here.
 *
 * @param stage           stage name, e.g. {@code train} or {@code reconstruct/tonno/case-007}
 * @param stageHash       hash of the spec parts and inputs the stage depends on
 * @param codeVersion     version of the activity code that produced the outputs; filled by the
 *                        activity that publishes the manifest when null
 * @param inputs          artifact keys the stage read
 * @param outputs         artifact keys the stage wrote
 * @param metrics         small named numbers the next stages need (e.g. {@code step}, {@code loss},
 *                        {@code threshold})
 * @param startedAtMillis workflow time the stage started, epoch milliseconds
 * @param finishedAtMillis workflow time the stage finished, epoch milliseconds
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageManifest(
        String stage,
        String stageHash,
        String codeVersion,
        List<String> inputs,
        List<String> outputs,
        Map<String, Double> metrics,
        long startedAtMillis,
        long finishedAtMillis) {

    public StageManifest {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        // Sorted so that the encoded manifest is the same bytes on every JVM.
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metrics));
    }

    /** A copy with the given code version. */
    public StageManifest withCodeVersion(String version) {
        return new StageManifest(
                stage, stageHash, version, inputs, outputs, metrics, startedAtMillis, finishedAtMillis);
    }

    /** A metric, or {@code fallback} when absent. */
    public double metric(String name, double fallback) {
        Double value = metrics.get(name);
        return value == null ? fallback : value;
    }
}
