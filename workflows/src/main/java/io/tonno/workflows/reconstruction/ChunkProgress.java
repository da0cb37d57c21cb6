package io.tonno.workflows.reconstruction;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Progress of one reconstruction.
 *
 * @param done     chunks finished
 * @param total    chunks planned (0 until planned)
 * @param inFlight chunks started and not finished
 * @param cached   whether the heatmap came from a matching stage manifest
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChunkProgress(int done, int total, int inFlight, boolean cached) {}
