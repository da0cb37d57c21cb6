package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The written report.
 *
 * @param resultsKey  {@code results/results.json}
 * @param tableKey    {@code results/results.md}
 * @param reportKey   {@code report/index.html}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Report(String resultsKey, String tableKey, String reportKey) {}
