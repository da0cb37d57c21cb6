package io.tonno.tomography;

/**
 * Backprojects the maps of whole directions into a partial volume: the Averaged and Tomographic
 * reconstructions of {@code method.md} §8.
 *
 * <p>For direction {@code l}, {@code p̃(s, u, v)} interpolates the cells {@code P_m(a, b)} trilinearly:
 * <ul>
 *   <li>along {@code s} over the maps at {@code s_0 … s_{M-1}} ({@code m = 0..M-1}), zero outside {@code [-1,1]};
 *   <li>along {@code u} (rows) and {@code v} (columns), cell {@code a} of {@code hc} sits at the centre of its
 *       block of slice pixels, pixel {@code (a+½)·h/hc - ½}, i.e. {@code u_a = 2((a+½)h/hc - ½)/(h-1) - 1}; beyond
 *       the outermost cell centres the value is held constant up to the slice border {@code |u| = 1}, and it is
 *       zero beyond the border (the slice does not see those points).
 * </ul>
 * Averaged adds {@code w_l/(4π) · p̃}; Tomographic first replaces {@code P_m} by
 * {@code (P_{m+1} + P_{m-1} - 2P_m)/Δs²} per cell and adds {@code c · w_l ·} the interpolant.
 */
final class MapBackprojector {
    private final OutputGrid grid;
    private final DirectionSet dirs;
    private final MapMethod method;
    private final int m;
    private final int hc;
    private final int wc;
    private final double ka;
    private final double kb;
    private final double la;
    private final double lb;
    private final int threads;
    private final int tableSize;

    MapBackprojector(
            int[] outShape,
            DirectionSet dirs,
            MapMethod method,
            int slices,
            int sliceHeight,
            int sliceWidth,
            int mapHeight,
            int mapWidth,
            int threads) {
        this.grid = new OutputGrid(outShape);
        this.dirs = dirs;
        this.method = method;
        this.m = slices;
        this.hc = mapHeight;
        this.wc = mapWidth;
        // Cell coordinate alpha of the in-plane coordinate u: pixel pu = (u+1)(h-1)/2, alpha = (pu+½)·hc/h - ½.
        this.ka = 0.5 * (sliceHeight - 1) * mapHeight / sliceHeight;
        this.kb = 0.5 * mapHeight - 0.5;
        this.la = 0.5 * (sliceWidth - 1) * mapWidth / sliceWidth;
        this.lb = 0.5 * mapWidth - 0.5;
        this.threads = threads;
        this.tableSize = (m + 1) * (hc + 1) * (wc + 1);
    }

    /** A table buffer for {@code count} directions. */
    double[] newTables(int count) {
        return new double[count * tableSize];
    }

    /**
     * Adds directions {@code first .. first+count-1} into {@code acc}.
     *
     * @param maps {@code (count, M+2, hc, wc)} row-major, slice {@code m = -1..M} at index {@code m+1}
     */
    void accumulate(float[] maps, int first, int count, double[] tables, double[] acc) {
        double ds = 2.0 / (m - 1);
        int cells = hc * wc;
        int perDirection = (m + 2) * cells;
        for (int g = 0; g < count; g++) {
            int l = first + g;
            int mapBase = g * perDirection;
            int tableBase = g * tableSize;
            double scale = method == MapMethod.AVERAGED
                    ? dirs.weight(l) / (4 * Math.PI)
                    : SinogramBackprojector.INVERSION_CONSTANT * dirs.weight(l) / (ds * ds);
            for (int k = 0; k <= m; k++) {
                int kk = Math.min(k, m - 1);
                for (int a = 0; a <= hc; a++) {
                    int aa = Math.min(a, hc - 1);
                    for (int b = 0; b <= wc; b++) {
                        int bb = Math.min(b, wc - 1);
                        int cell = aa * wc + bb;
                        double value;
                        if (method == MapMethod.AVERAGED) {
                            value = maps[mapBase + (kk + 1) * cells + cell];
                        } else {
                            value = (double) maps[mapBase + (kk + 2) * cells + cell]
                                    + maps[mapBase + kk * cells + cell]
                                    - 2.0 * maps[mapBase + (kk + 1) * cells + cell];
                        }
                        tables[tableBase + (k * (hc + 1) + a) * (wc + 1) + b] = scale * value;
                    }
                }
            }
        }
        double[] bases = new double[9 * count];
        for (int g = 0; g < count; g++) {
            System.arraycopy(dirs.normal(first + g), 0, bases, 9 * g, 3);
            System.arraycopy(dirs.u(first + g), 0, bases, 9 * g + 3, 3);
            System.arraycopy(dirs.v(first + g), 0, bases, 9 * g + 6, 3);
        }
        Parallel.forEach(grid.blocks, threads, block -> sweep(block, bases, count, tables, acc));
    }

    private void sweep(int block, double[] bases, int count, double[] tables, double[] acc) {
        int nx = grid.nx;
        double half = 0.5 * (m - 1);
        int w1 = wc + 1;
        int plane = (hc + 1) * w1;
        double maxA = hc - 1;
        double maxB = wc - 1;
        int r0 = grid.firstRow(block);
        int r1 = grid.endRow(block);
        for (int g = 0; g < count; g++) {
            int o = 9 * g;
            double n0 = bases[o];
            double n1 = bases[o + 1];
            double n2 = bases[o + 2];
            double u0 = bases[o + 3];
            double u1 = bases[o + 4];
            double u2 = bases[o + 5];
            double v0 = bases[o + 6];
            double v1 = bases[o + 7];
            double v2 = bases[o + 8];
            int tb = g * tableSize;
            double bt = grid.dx * n0 * half;
            double bu = grid.dx * u0;
            double bv = grid.dx * v0;
            for (int r = r0; r < r1; r++) {
                double y = grid.y(r);
                double z = grid.z(r);
                double at = (grid.x0 * n0 + y * n1 + z * n2 + 1) * half;
                double au = grid.x0 * u0 + y * u1 + z * u2;
                double av = grid.x0 * v0 + y * v1 + z * v2;
                long range = OutputGrid.range(at, bt, 0, m - 1, 0, nx - 1);
                range = OutputGrid.range(au, bu, -1, 1, OutputGrid.first(range), OutputGrid.last(range));
                range = OutputGrid.range(av, bv, -1, 1, OutputGrid.first(range), OutputGrid.last(range));
                int lo = OutputGrid.first(range);
                int hi = OutputGrid.last(range);
                int base = r * nx;
                for (int i = lo; i <= hi; i++) {
                    double t = at + i * bt;
                    int k = (int) t;
                    double fk = t - k;
                    double alpha = Math.min(maxA, Math.max(0, (au + i * bu) * ka + kb));
                    int a = (int) alpha;
                    double fa = alpha - a;
                    double beta = Math.min(maxB, Math.max(0, (av + i * bv) * la + lb));
                    int b = (int) beta;
                    double fb = beta - b;
                    int idx = tb + (k * (hc + 1) + a) * w1 + b;
                    double c00 = tables[idx] + fb * (tables[idx + 1] - tables[idx]);
                    double c01 = tables[idx + w1] + fb * (tables[idx + w1 + 1] - tables[idx + w1]);
                    int idx2 = idx + plane;
                    double c10 = tables[idx2] + fb * (tables[idx2 + 1] - tables[idx2]);
                    double c11 = tables[idx2 + w1] + fb * (tables[idx2 + w1 + 1] - tables[idx2 + w1]);
                    double c0 = c00 + fa * (c01 - c00);
                    double c1 = c10 + fa * (c11 - c10);
                    acc[base + i] += c0 + fk * (c1 - c0);
                }
            }
        }
    }
}
