package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Write {@code results/results.{json,csv,md}} and {@code report/index.html} with figures.
 *
 * @param experimentId the experiment (its spec is at {@code ArtifactKeys.spec})
 * @param training     where training ended
 * @param scores       one row per method
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportRequest(String experimentId, TrainingProgress training, List<MethodScore> scores) {}
