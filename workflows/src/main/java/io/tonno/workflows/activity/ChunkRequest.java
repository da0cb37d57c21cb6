package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.tonno.workflows.spec.MethodSpec;
import io.tonno.workflows.spec.ModelSpec;

/**
 * One chunk of a reconstruction. For the directional methods (ToNNO, Averaged and Tomographic CAM)
 * a chunk is the lattice directions {@code first .. first+count-1} of {@code total} (method.md §4);
 * for the 2D CAM baselines a chunk is one volume axis ({@code first} = axis 0..2, {@code count} = 1).
 * The activity writes its partial result to {@code outputKey} (ToNNO: the sinogram rows of its
 * directions; CAM methods: a partial volume) and returns its key.
 *
 * @param experimentId  the experiment
 * @param caseId        the case
 * @param method        the method with its parameters
 * @param model         the network
 * @param checkpointKey the trained weights
 * @param image         the preprocessed case
 * @param chunkIndex    index of this chunk, 0-based
 * @param first         first direction (or axis) of the chunk
 * @param count         directions (or axes) in the chunk
 * @param total         directions (or axes) of the whole reconstruction
 * @param outputKey     where the chunk's partial result goes ({@code ArtifactKeys.chunk})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChunkRequest(
        String experimentId,
        String caseId,
        MethodSpec method,
        ModelSpec model,
        String checkpointKey,
        PreparedCase image,
        int chunkIndex,
        int first,
        int count,
        int total,
        String outputKey) {}
