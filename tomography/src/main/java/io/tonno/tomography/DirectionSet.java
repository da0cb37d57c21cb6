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
 * its antipode. It halves the number of slices at the same angular density. {@link #relaxedHemisphere} evens that set
 * out by repulsion, {@link #randomHemisphere} draws independent uniform normals instead ({@link DirectionLattice}).
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

    /**
     * The hemisphere set of {@link #hemisphere(int)} after {@value #RELAX_ITERATIONS} steps of repulsion between
     * the {@code 2·count} axes it stands for (each normal and its antipode): every normal moves along the sphere away
     * from its {@value #NEIGHBOURS} nearest axes within {@code 2.5 h} (force {@code Σ (p − q)/|p − q|³}, its tangential
     * part), {@code h = √(4π/(2·count))} the mean spacing, by {@code 0.05 h} times its force over the mean force, all
     * normals at once, then returns to {@code y ≥ 0}. It evens out the seam the cut leaves at the
     * equator (measured: covering radius of the 2000 axes of {@code count = 1000} 3.68° → 3.3°, smallest separation
     * 2.56° → 4.0°). Deterministic; weights {@code 4π/count} each as in the hemisphere set.
     */
    public static DirectionSet relaxedHemisphere(int count) {
        DirectionSet start = hemisphere(count);
        double[] p = start.normals.clone();
        int n = count;
        double h = Math.sqrt(4 * Math.PI / (2.0 * n));
        double cutoff = 2.5 * h;
        int cells = Math.max(1, (int) Math.floor(2.0 / cutoff)); // cells no smaller than the cutoff
        double[] force = new double[3 * n];
        double[] axes = new double[6 * n];
        int[] cellStart = new int[cells * cells * cells + 1];
        int[] cellOf = new int[2 * n];
        int[] order = new int[2 * n];
        double[] nearR2 = new double[NEIGHBOURS];
        int[] nearJ = new int[NEIGHBOURS];
        for (int iter = 0; iter < RELAX_ITERATIONS; iter++) {
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < 3; a++) {
                    axes[3 * i + a] = p[3 * i + a];
                    axes[3 * (n + i) + a] = -p[3 * i + a];
                }
            }
            java.util.Arrays.fill(cellStart, 0);
            for (int j = 0; j < 2 * n; j++) {
                cellOf[j] = cell(axes, j, cells);
                cellStart[cellOf[j] + 1]++;
            }
            for (int c = 0; c < cells * cells * cells; c++) {
                cellStart[c + 1] += cellStart[c];
            }
            int[] fill = java.util.Arrays.copyOf(cellStart, cellStart.length);
            for (int j = 0; j < 2 * n; j++) {
                order[fill[cellOf[j]]++] = j;
            }
            double total = 0;
            for (int i = 0; i < n; i++) {
                // The NEIGHBOURS nearest axes within the cutoff (sorted by distance, ties by index).
                int found = 0;
                int cx = cellIndex(p[3 * i], cells),
                        cy = cellIndex(p[3 * i + 1], cells),
                        cz = cellIndex(p[3 * i + 2], cells);
                for (int dx = -1; dx <= 1; dx++) {
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dz = -1; dz <= 1; dz++) {
                            int x = cx + dx, y = cy + dy, z = cz + dz;
                            if (x < 0 || y < 0 || z < 0 || x >= cells || y >= cells || z >= cells) {
                                continue;
                            }
                            int c = (x * cells + y) * cells + z;
                            for (int k = cellStart[c]; k < cellStart[c + 1]; k++) {
                                int j = order[k];
                                if (j == i) {
                                    continue;
                                }
                                double ex = p[3 * i] - axes[3 * j];
                                double ey = p[3 * i + 1] - axes[3 * j + 1];
                                double ez = p[3 * i + 2] - axes[3 * j + 2];
                                double r2 = ex * ex + ey * ey + ez * ez;
                                if (r2 >= cutoff * cutoff
                                        || (found == NEIGHBOURS
                                                && !closer(r2, j, nearR2[found - 1], nearJ[found - 1]))) {
                                    continue;
                                }
                                int at = found == NEIGHBOURS ? found - 1 : found++;
                                while (at > 0 && closer(r2, j, nearR2[at - 1], nearJ[at - 1])) {
                                    nearR2[at] = nearR2[at - 1];
                                    nearJ[at] = nearJ[at - 1];
                                    at--;
                                }
                                nearR2[at] = r2;
                                nearJ[at] = j;
                            }
                        }
                    }
                }
                double fx = 0, fy = 0, fz = 0;
                for (int k = 0; k < found; k++) {
                    int j = nearJ[k];
                    double r2 = Math.max(nearR2[k], 1e-18);
                    double w = 1 / (r2 * Math.sqrt(r2));
                    fx += w * (p[3 * i] - axes[3 * j]);
                    fy += w * (p[3 * i + 1] - axes[3 * j + 1]);
                    fz += w * (p[3 * i + 2] - axes[3 * j + 2]);
                }
                double dot = fx * p[3 * i] + fy * p[3 * i + 1] + fz * p[3 * i + 2];
                fx -= dot * p[3 * i];
                fy -= dot * p[3 * i + 1];
                fz -= dot * p[3 * i + 2];
                force[3 * i] = fx;
                force[3 * i + 1] = fy;
                force[3 * i + 2] = fz;
                total += Math.sqrt(fx * fx + fy * fy + fz * fz);
            }
            double mean = total / n;
            if (mean == 0) {
                break;
            }
            double step = 0.05 * h / mean;
            for (int i = 0; i < n; i++) {
                double x = p[3 * i] + step * force[3 * i];
                double y = p[3 * i + 1] + step * force[3 * i + 1];
                double z = p[3 * i + 2] + step * force[3 * i + 2];
                double norm = Math.sqrt(x * x + y * y + z * z);
                double sign = y < 0 ? -1 : 1;
                p[3 * i] = sign * x / norm;
                p[3 * i + 1] = sign * y / norm;
                p[3 * i + 2] = sign * z / norm;
            }
        }
        return new DirectionSet(p, start.weights.clone(), true);
    }

    /**
     * {@code count} independent uniform random axes (normals with {@code y ≥ 0}) from {@code seed}, weight
     * {@code 4π/count} each: Monte-Carlo quadrature over the directions.
     */
    public static DirectionSet randomHemisphere(int count, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double[] normals = new double[3 * count];
        double[] weights = new double[count];
        for (int l = 0; l < count; l++) {
            double y = random.nextDouble();
            double theta = 2 * Math.PI * random.nextDouble();
            double r = Math.sqrt(Math.max(0, 1 - y * y));
            normals[3 * l] = r * Math.cos(theta);
            normals[3 * l + 1] = y;
            normals[3 * l + 2] = r * Math.sin(theta);
            weights[l] = 4 * Math.PI / count;
        }
        return new DirectionSet(normals, weights, true);
    }

    /** Nearest axes that push a normal in {@link #relaxedHemisphere(int)}. */
    static final int NEIGHBOURS = 12;

    private static boolean closer(double r2, int j, double otherR2, int otherJ) {
        return r2 < otherR2 || (r2 == otherR2 && j < otherJ);
    }

    /** Repulsion steps of {@link #relaxedHemisphere(int)}. */
    static final int RELAX_ITERATIONS = 50;

    private static int cellIndex(double coordinate, int cells) {
        return Math.min(cells - 1, Math.max(0, (int) ((coordinate + 1) / 2 * cells)));
    }

    private static int cell(double[] points, int j, int cells) {
        return (cellIndex(points[3 * j], cells) * cells + cellIndex(points[3 * j + 1], cells)) * cells
                + cellIndex(points[3 * j + 2], cells);
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

    /** True for a hemisphere set (each direction stands for itself and its antipode). */
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
