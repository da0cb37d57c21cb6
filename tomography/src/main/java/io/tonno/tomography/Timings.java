package io.tonno.tomography;

import java.util.function.IntConsumer;

/**
 * Wall-clock time spent in each stage of a reconstruction, and the work done, accumulated over calls; optionally
 * told, after every batch the scorer returns, how many slices it scored (progress displays, heartbeats).
 * Not thread-safe: one per reconstruction call chain.
 */
public final class Timings {
    private final IntConsumer scored;
    private long slicingNanos;
    private long scoringNanos;
    private long backprojectionNanos;
    private long slices;
    private long voxelDirections;

    void addSlicing(long nanos, long count) {
        slicingNanos += nanos;
        slices += count;
    }

    /** Times only. */
    public Timings() {
        this(n -> {});
    }

    /** @param scored told the number of slices of each batch scored, after the scorer returns */
    public Timings(IntConsumer scored) {
        this.scored = scored;
    }

    void addScoring(long nanos, int count) {
        scoringNanos += nanos;
        scored.accept(count);
    }

    void addBackprojection(long nanos, long voxelDirectionCount) {
        backprojectionNanos += nanos;
        voxelDirections += voxelDirectionCount;
    }

    /** Seconds spent sampling slices. */
    public double slicingSeconds() {
        return slicingNanos / 1e9;
    }

    /** Seconds spent in the scorer. */
    public double scoringSeconds() {
        return scoringNanos / 1e9;
    }

    /** Seconds spent backprojecting (including the filter and interpolation tables). */
    public double backprojectionSeconds() {
        return backprojectionNanos / 1e9;
    }

    /** Number of slices sampled. */
    public long slices() {
        return slices;
    }

    /** Output voxels times directions backprojected. */
    public long voxelDirections() {
        return voxelDirections;
    }
}
