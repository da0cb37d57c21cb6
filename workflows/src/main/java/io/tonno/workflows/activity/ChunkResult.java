package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A finished chunk.
 *
 * @param chunkIndex  the chunk
 * @param artifactKey where its partial result is
 * @param slices      slices the network scored for it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChunkResult(int chunkIndex, String artifactKey, long slices) {}
