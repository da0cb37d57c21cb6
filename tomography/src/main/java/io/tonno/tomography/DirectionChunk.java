package io.tonno.tomography;

import java.util.ArrayList;
import java.util.List;

/**
 * A contiguous range of direction indices {@code [first, first+count)} of a {@link DirectionSet}: the unit of
 * work that the orchestration fans out. Chunk results combine by addition ({@link Sinogram#merge},
 * {@link PartialVolume#add}).
 */
public record DirectionChunk(int first, int count) {
    public DirectionChunk {
        if (first < 0 || count < 1) {
            throw new IllegalArgumentException("chunk must have first >= 0 and count >= 1, got " + first + "+" + count);
        }
    }

    /** All {@code directions} directions as one chunk. */
    public static DirectionChunk all(int directions) {
        return new DirectionChunk(0, directions);
    }

    /** One past the last direction index. */
    public int end() {
        return first + count;
    }

    /** Splits {@code directions} into {@code parts} chunks whose sizes differ by at most one, in order. */
    public static List<DirectionChunk> split(int directions, int parts) {
        if (parts < 1 || parts > directions) {
            throw new IllegalArgumentException("cannot split " + directions + " directions into " + parts + " chunks");
        }
        List<DirectionChunk> chunks = new ArrayList<>(parts);
        int start = 0;
        for (int c = 0; c < parts; c++) {
            int end = (int) ((long) directions * (c + 1) / parts);
            chunks.add(new DirectionChunk(start, end - start));
            start = end;
        }
        return chunks;
    }

    /** Splits {@code directions} into consecutive chunks of {@code size} (the last may be smaller). */
    public static List<DirectionChunk> ofSize(int directions, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + size);
        }
        List<DirectionChunk> chunks = new ArrayList<>();
        for (int start = 0; start < directions; start += size) {
            chunks.add(new DirectionChunk(start, Math.min(size, directions - start)));
        }
        return chunks;
    }

    void checkWithin(int directions) {
        if (end() > directions) {
            throw new IllegalArgumentException(
                    "chunk " + first + "+" + count + " exceeds the " + directions + " directions");
        }
    }
}
