package io.tonno.tomography;

/**
 * Settings of a reconstruction ({@code method.md} §4–§8).
 *
 * @param directions number of directions {@code L} of the {@code lattice}
 * @param slices     {@code M >= 2}: slices at {@code s_m = 2m/(M-1) - 1} for {@code m = -1..M}, so
 *                   {@code M+2} slices per direction, spacing {@code Δs = 2/(M-1)} (cube units)
 * @param sliceSize  {@code S >= 2}: slices are {@code S×S} pixels covering the unit-vector square
 *                   {@code [-1,1]²} of their plane
 * @param lattice    which {@code L} normals ({@link DirectionLattice}): the paper's whole-sphere Fibonacci lattice, or
 *                   one of the hemisphere lattices (half the slices, each direction standing for its antipode too)
 * @param threads    worker threads for slicing and backprojection, {@code 0} = all cores; results do not
 *                   depend on it
 * @param batchSize  slices per scorer call, {@code 0} = the scorer's preferred batch size; results of the
 *                   built-in scorers do not depend on it
 * @param bodyOffsets ToNNO only: cut and score only the slices whose plane meets the volume's non-zero voxels;
 *                   the others are all zero and take the score of one zero slice ({@code PlaneSupport}). The same
 *                   heatmap as without, for fewer scorer calls when the body does not fill the cube
 * @param adaptiveOffsets ToNNO only, {@code null} = off: score each direction's in-body slices on a grid of every
 *                   {@value AdaptiveOffsets#STRIDE}th, refine it where the scores curve by more than this tolerance
 *                   (score units, {@code >= 0}; logits for a network) and interpolate the rest along the offset
 *                   ({@link AdaptiveOffsets}): nearly the same heatmap for a little over half the scorer calls.
 *                   Implies body offsets
 */
public record ReconstructionSettings(
        int directions,
        int slices,
        int sliceSize,
        DirectionLattice lattice,
        int threads,
        int batchSize,
        boolean bodyOffsets,
        Double adaptiveOffsets) {
    public ReconstructionSettings {
        if (lattice == null) {
            throw new IllegalArgumentException("direction lattice must be set");
        }
        if (directions < lattice.minDirections()) {
            throw new IllegalArgumentException(
                    "directions must be >= " + lattice.minDirections() + " (" + lattice.id() + "), got " + directions);
        }
        if (slices < 2) {
            throw new IllegalArgumentException("slices (M) must be >= 2, got " + slices);
        }
        if (sliceSize < 2) {
            throw new IllegalArgumentException("slice size must be >= 2, got " + sliceSize);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be >= 0, got " + batchSize);
        }
        if (adaptiveOffsets != null && !(adaptiveOffsets >= 0 && adaptiveOffsets < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                    "adaptive offsets' tolerance must be finite and >= 0, got " + adaptiveOffsets);
        }
        bodyOffsets = bodyOffsets || adaptiveOffsets != null;
    }

    /** Settings with all cores and the scorer's preferred batch size that score every slice of the whole sphere. */
    public static ReconstructionSettings of(int directions, int slices, int sliceSize) {
        return new ReconstructionSettings(directions, slices, sliceSize, DirectionLattice.SPHERE, 0, 0, false, null);
    }

    /** A copy with another thread count and batch size. */
    public ReconstructionSettings withResources(int newThreads, int newBatchSize) {
        return new ReconstructionSettings(
                directions, slices, sliceSize, lattice, newThreads, newBatchSize, bodyOffsets, adaptiveOffsets);
    }

    /**
     * A copy with the given sampling scheme: the direction lattice, and only the slices meeting the body (or every
     * slice).
     */
    public ReconstructionSettings withScheme(DirectionLattice newLattice, boolean newBodyOffsets) {
        return new ReconstructionSettings(
                directions, slices, sliceSize, newLattice, threads, batchSize, newBodyOffsets, adaptiveOffsets);
    }

    /** A copy with adaptive offsets at {@code tolerance} ({@code null}: off, body offsets kept as they are). */
    public ReconstructionSettings withAdaptiveOffsets(Double tolerance) {
        return new ReconstructionSettings(
                directions, slices, sliceSize, lattice, threads, batchSize, bodyOffsets, tolerance);
    }

    /** A copy with another number of directions {@code L}. */
    public ReconstructionSettings withDirections(int newDirections) {
        return new ReconstructionSettings(
                newDirections, slices, sliceSize, lattice, threads, batchSize, bodyOffsets, adaptiveOffsets);
    }

    /** The direction set these settings describe. */
    public DirectionSet directionSet() {
        return lattice.directions(directions);
    }

    /** {@code M+2}, the number of slices per direction. */
    public int slicesPerDirection() {
        return slices + 2;
    }

    /** Offset of slice {@code m} in {@code -1..M}: {@code s_m = 2m/(M-1) - 1}. */
    public double offset(int m) {
        return offset(m, slices);
    }

    static double offset(int m, int slices) {
        return 2.0 * m / (slices - 1) - 1;
    }

    /** {@code Δs = 2/(M-1)}. */
    public double deltaS() {
        return 2.0 / (slices - 1);
    }
}
