package io.tonno.tomography;

/**
 * The geometry of a batch of slices, without their pixels: plane {@code b} is the {@link SlicePlane} with centre
 * {@code centres[3b .. 3b+2]}, row vector {@code us[3b ..]} and column vector {@code vs[3b ..]} (cube coordinates,
 * {@code method.md} §2–3). Nine doubles per slice instead of {@code H·W} floats: what a scorer that cuts its own
 * slices on its device ({@link PlaneScorer}) receives. The arrays are reused between batches; {@link #count} says
 * how many planes are valid.
 */
public final class PlaneBatch {
    private final double[] centres;
    private final double[] us;
    private final double[] vs;
    private int count;

    /** Room for {@code capacity} planes. */
    public PlaneBatch(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a plane batch holds at least one plane, got " + capacity);
        }
        this.centres = new double[3 * capacity];
        this.us = new double[3 * capacity];
        this.vs = new double[3 * capacity];
    }

    /** Planes that fit. */
    public int capacity() {
        return centres.length / 3;
    }

    /** Valid planes, {@code 0 .. count-1}. */
    public int count() {
        return count;
    }

    /** Sets the number of valid planes. */
    public void count(int count) {
        if (count < 0 || count > capacity()) {
            throw new IllegalArgumentException("count " + count + " outside 0.." + capacity());
        }
        this.count = count;
    }

    /** Writes plane {@code b}. */
    public void set(int b, double[] centre, double[] u, double[] v) {
        System.arraycopy(centre, 0, centres, 3 * b, 3);
        System.arraycopy(u, 0, us, 3 * b, 3);
        System.arraycopy(v, 0, vs, 3 * b, 3);
    }

    /** Component {@code axis} (0 = x) of plane {@code b}'s centre. */
    public double centre(int b, int axis) {
        return centres[3 * b + axis];
    }

    /** Component {@code axis} of plane {@code b}'s row vector. */
    public double u(int b, int axis) {
        return us[3 * b + axis];
    }

    /** Component {@code axis} of plane {@code b}'s column vector. */
    public double v(int b, int axis) {
        return vs[3 * b + axis];
    }

    /** Plane {@code b} as a {@link SlicePlane} (copies). */
    public SlicePlane plane(int b) {
        return new SlicePlane(
                new double[] {centre(b, 0), centre(b, 1), centre(b, 2)},
                new double[] {u(b, 0), u(b, 1), u(b, 2)},
                new double[] {v(b, 0), v(b, 1), v(b, 2)});
    }
}
