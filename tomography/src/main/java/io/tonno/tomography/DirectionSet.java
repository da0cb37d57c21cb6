package io.tonno.tomography;

/**
 * A set of {@code L} unit normals with their in-plane bases and quadrature weights.
 *
 * <p>The full set is the Fibonacci lattice of {@code method.md} §4: for {@code l = 0..L-1},
 * {@code y = 2l/(L-1) - 1}, {@code r = sqrt(1-y²)}, {@code θ = l·π(3-√5)}, {@code n = (r cosθ, y, r sinθ)};
 * each direction carries the solid-angle weight {@code 4π/L} (steradians).
 *
 * <p>The hemisphere variant keeps only the lattice directions with {@code y > 0} of a lattice of
 * {@code 2L} (plus the equator point when it falls exactly on {@code y = 0}), and gives each the weight
 * {@code 8π/(2L) = 4π/L} twice over: since the planes {@code (s, n)} and {@code (-s, -n)} coincide and the
 * integrand of the 3D inverse Radon transform is even in {@code (s, n)}, a direction stands for itself and
 * its antipode. It halves the number of slices at the same angular density.
 *
 * <p>Directions are immutable and indexed {@code 0..size()-1}; chunks of a reconstruction are index ranges.
 */
public final class DirectionSet {
    private final double[] normals; // 3 per direction
    private final double[] us;
    private final double[] vs;
    private final double[] weights; // steradians per direction
    private final boolean hemisphere;

    private DirectionSet(double[] normals, double[] weights, boolean hemisphere) {
        int count = weights.length;
        this.normals = normals;
        this.weights = weights;
        this.hemisphere = hemisphere;
        this.us = new double[3 * count];
        this.vs = new double[3 * count];
        for (int l = 0; l < count; l++) {
            double[][] uv = Basis.of(normals[3 * l], normals[3 * l + 1], normals[3 * l + 2]);
            System.arraycopy(uv[0], 0, us, 3 * l, 3);
            System.arraycopy(uv[1], 0, vs, 3 * l, 3);
        }
    }

    /** The Fibonacci lattice of {@code count >= 2} directions over the whole sphere, weight {@code 4π/count} each. */
    public static DirectionSet fibonacci(int count) {
        if (count < 2) {
            throw new IllegalArgumentException("direction count must be >= 2, got " + count);
        }
        double[] normals = new double[3 * count];
        double[] weights = new double[count];
        fillLattice(count, normals);
        java.util.Arrays.fill(weights, 4 * Math.PI / count);
        return new DirectionSet(normals, weights, false);
    }

    /**
     * Half of the Fibonacci lattice of {@code 2 * count} directions: those with {@code y > 0}, each
     * weighted {@code 2 · 4π/(2·count)} so that the total weight is still {@code 4π}.
     */
    public static DirectionSet hemisphere(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("direction count must be >= 1, got " + count);
        }
        int full = 2 * count;
        double[] all = new double[3 * full];
        fillLattice(full, all);
        // y_l = 2l/(full-1) - 1 is antisymmetric in l <-> full-1-l, so exactly half have y > 0.
        double[] normals = new double[3 * count];
        double[] weights = new double[count];
        double w = 2 * (4 * Math.PI / full);
        int kept = 0;
        for (int l = 0; l < full && kept < count; l++) {
            if (all[3 * l + 1] > 0) {
                System.arraycopy(all, 3 * l, normals, 3 * kept, 3);
                weights[kept] = w;
                kept++;
            }
        }
        if (kept != count) {
            throw new IllegalStateException("hemisphere lattice kept " + kept + " of " + count);
        }
        return new DirectionSet(normals, weights, true);
    }

    private static void fillLattice(int count, double[] out) {
        double golden = Math.PI * (3 - Math.sqrt(5));
        for (int l = 0; l < count; l++) {
            double y = 2.0 * l / (count - 1) - 1;
            double r = Math.sqrt(Math.max(0, 1 - y * y));
            double theta = l * golden;
            out[3 * l] = r * Math.cos(theta);
            out[3 * l + 1] = y;
            out[3 * l + 2] = r * Math.sin(theta);
        }
    }

    /** Number of directions. */
    public int size() {
        return weights.length;
    }

    /** True for the hemisphere variant. */
    public boolean isHemisphere() {
        return hemisphere;
    }

    /** Unit normal of direction {@code l}, a fresh 3-vector. */
    public double[] normal(int l) {
        return new double[] {normals[3 * l], normals[3 * l + 1], normals[3 * l + 2]};
    }

    /** In-plane unit vector {@code u} of direction {@code l} ({@link Basis}), a fresh 3-vector. */
    public double[] u(int l) {
        return new double[] {us[3 * l], us[3 * l + 1], us[3 * l + 2]};
    }

    /** In-plane unit vector {@code v} of direction {@code l} ({@link Basis}), a fresh 3-vector. */
    public double[] v(int l) {
        return new double[] {vs[3 * l], vs[3 * l + 1], vs[3 * l + 2]};
    }

    /** Quadrature weight of direction {@code l}, in steradians. */
    public double weight(int l) {
        return weights[l];
    }
}
