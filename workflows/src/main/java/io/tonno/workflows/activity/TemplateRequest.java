package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Build the population template of an experiment from its preprocessed training cases
 * ({@code ArtifactKeys.normalised}), in the order given, and store it at {@code ArtifactKeys.template}.
 *
 * @param experimentId the experiment
 * @param trainCaseIds the training split's case ids, at least one; the template is their gain-normalised mean
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TemplateRequest(String experimentId, List<String> trainCaseIds) {}
