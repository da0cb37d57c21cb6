package io.tonno.tomography;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The slice scores of a chunk of directions: the ToNNO chunk result, small and self-describing, so that
 * the filtered backprojection can run from it alone on another machine ({@link SinogramBackprojector}).
 *
 * <p>{@code scores[(l - first)*(M+2) + (m+1)]} is the score {@code p_m} of the slice at offset
 * {@code s_m = 2m/(M-1) - 1}, {@code m = -1..M}, of direction {@code l} in {@code [first, first+count)} of the
 * direction set described by {@code directions} and {@code lattice} ({@link ReconstructionSettings}).
 *
 * <p>Record components are plain values, so Jackson (de)serialises it as is; {@link #toBytes()} and
 * {@link #fromBytes(byte[])} give a compact binary form (little-endian).
 *
 * @param directions {@code L}, the size of the whole direction set
 * @param lattice    the direction lattice ({@link DirectionLattice#directions(int)} of {@code directions} gives the set)
 * @param slices     {@code M}
 * @param first      first direction index of this chunk
 * @param count      number of directions in this chunk
 * @param scores     {@code (count, M+2)} row-major
 */
public record Sinogram(int directions, DirectionLattice lattice, int slices, int first, int count, double[] scores) {
    private static final int MAGIC = 0x4e49534e; // "NSIN" little-endian
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = 4 * 4 + 4 * 4;

    public Sinogram {
        if (lattice == null) {
            throw new IllegalArgumentException("sinogram direction lattice must be set");
        }
        if (slices < 2) {
            throw new IllegalArgumentException("sinogram slices (M) must be >= 2, got " + slices);
        }
        if (first < 0 || count < 1 || (long) first + count > directions) {
            throw new IllegalArgumentException(
                    "sinogram rows " + first + "+" + count + " outside the " + directions + " directions");
        }
        if (scores == null || scores.length != (long) count * (slices + 2)) {
            throw new IllegalArgumentException("sinogram scores must hold count*(M+2) = " + (long) count * (slices + 2)
                    + " values, got " + (scores == null ? "null" : scores.length));
        }
    }

    /** The chunk of directions this sinogram covers. */
    public DirectionChunk chunk() {
        return new DirectionChunk(first, count);
    }

    /** Score {@code p_m} of direction {@code l} (absolute index) at slice {@code m} in {@code -1..M}. */
    public double score(int l, int m) {
        return scores[(l - first) * (slices + 2) + m + 1];
    }

    /** True when this sinogram covers all directions of its set. */
    public boolean coversAllDirections() {
        return first == 0 && count == directions;
    }

    /**
     * Joins sinograms of disjoint, adjacent chunks of the same direction set into one (in any input order).
     * Backprojection is linear, so backprojecting the merge equals the sum of the chunks' backprojections.
     *
     * @throws IllegalArgumentException if the parts disagree on the set or {@code M}, overlap or leave a gap
     */
    public static Sinogram merge(List<Sinogram> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no sinograms to merge");
        }
        List<Sinogram> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(Sinogram::first));
        Sinogram head = sorted.get(0);
        int row = head.slices + 2;
        int total = 0;
        int expected = head.first;
        for (Sinogram s : sorted) {
            if (s.directions != head.directions || s.lattice != head.lattice || s.slices != head.slices) {
                throw new IllegalArgumentException("sinogram chunk " + s.first + "+" + s.count
                        + " belongs to another setting (L, lattice or M differ)");
            }
            if (s.first != expected) {
                throw new IllegalArgumentException("sinogram chunks " + (s.first < expected ? "overlap" : "leave a gap")
                        + " at direction " + Math.min(s.first, expected));
            }
            expected = s.first + s.count;
            total += s.count;
        }
        double[] scores = new double[total * row];
        int at = 0;
        for (Sinogram s : sorted) {
            System.arraycopy(s.scores, 0, scores, at, s.scores.length);
            at += s.scores.length;
        }
        return new Sinogram(head.directions, head.lattice, head.slices, head.first, total, scores);
    }

    /**
     * Compact little-endian binary form: a 32-byte header then the scores as float64. The lattice is stored as its
     * {@link DirectionLattice} ordinal (0 sphere, 1 hemisphere as before the other lattices existed).
     */
    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + 8 * scores.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC)
                .putInt(VERSION)
                .putInt(directions)
                .putInt(lattice.ordinal())
                .putInt(slices)
                .putInt(first)
                .putInt(count)
                .putInt(0);
        for (double d : scores) {
            buf.putDouble(d);
        }
        return buf.array();
    }

    /**
     * Reads {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not a sinogram of this version or are truncated
     */
    public static Sinogram fromBytes(byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            throw new IllegalArgumentException("sinogram bytes: " + bytes.length + " bytes is shorter than the header");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.getInt() != MAGIC) {
            throw new IllegalArgumentException("sinogram bytes: bad magic, not a tonno sinogram");
        }
        int version = buf.getInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("sinogram bytes: unsupported version " + version);
        }
        int directions = buf.getInt();
        int latticeCode = buf.getInt();
        if (latticeCode < 0 || latticeCode >= DirectionLattice.values().length) {
            throw new IllegalArgumentException("sinogram bytes: unknown direction lattice " + latticeCode);
        }
        DirectionLattice lattice = DirectionLattice.values()[latticeCode];
        int slices = buf.getInt();
        int first = buf.getInt();
        int count = buf.getInt();
        buf.getInt();
        long n = (long) count * (slices + 2);
        if (count < 0 || slices < 0 || bytes.length != HEADER_BYTES + 8 * n) {
            throw new IllegalArgumentException("sinogram bytes: length " + bytes.length + " does not match " + count
                    + " directions of " + (slices + 2) + " slices");
        }
        double[] scores = new double[(int) n];
        buf.asDoubleBuffer().get(scores);
        return new Sinogram(directions, lattice, slices, first, count, scores);
    }
}
