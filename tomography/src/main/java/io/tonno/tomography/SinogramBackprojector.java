package io.tonno.tomography;

/**
 * ToNNO's filtered backprojection ({@code method.md} §5–§6) from the scores alone, so that an orchestration
 * reduce step can run it on a machine that never saw the volume.
 *
 * <p>For each direction {@code l} of the sinogram, with the paper's {@link Inversion} (others: see there):
 * {@code q_m = (p_{m+1} + p_{m-1} - 2 p_m)/Δs²} at
 * {@code s_m = 2m/(M-1) - 1}, {@code m = 0..M-1}, {@code Δs = 2/(M-1)}; {@code q̃(s)} interpolates them
 * linearly ({@code q̃(-1) = q_0}, {@code q̃(1) = q_{M-1}}) and is 0 outside {@code [-1,1]}. Each output voxel at
 * cube point {@code x} receives {@code c · w_l · q̃(x·n_l)} with {@code c = -1/(8π²)} and {@code w_l} the
 * direction's solid-angle weight ({@code 4π/L}; in the hemisphere set of {@code L} directions, {@code 2·4π/(2L)}, each
 * standing for itself and its antipode).
 *
 * <p>Sums are in double, each voxel adding its directions in index order: results do not depend on the
 * thread count, and the backprojections of the chunks of a sinogram add up to that of the whole up to
 * double rounding. Memory: the output plus tables for {@value #GROUP} directions at a time.
 */
public final class SinogramBackprojector {
    /** The constant of the 3D inverse Radon transform, {@code c = -1/(8π²)}. */
    public static final double INVERSION_CONSTANT = -1.0 / (8 * Math.PI * Math.PI);

    /** Directions whose tables are built and swept over the output together. */
    static final int GROUP = 64;

    private SinogramBackprojector() {}

    /** The backprojection of {@code sinogram} on a grid of {@code outShape}, on {@code threads} threads (0 = all). */
    public static PartialVolume backproject(Sinogram sinogram, int[] outShape, int threads) {
        return backproject(sinogram, Inversion.PAPER, outShape, threads);
    }

    /** The backprojection of {@code sinogram} under {@code inversion}, on {@code threads} threads (0 = all). */
    public static PartialVolume backproject(Sinogram sinogram, Inversion inversion, int[] outShape, int threads) {
        PartialVolume out = PartialVolume.zeros(outShape);
        backprojectInto(sinogram, inversion, out, threads);
        return out;
    }

    /** {@link #backproject(Sinogram, int[], int)}, adding its time and voxel-directions to {@code timings}. */
    public static PartialVolume backproject(Sinogram sinogram, int[] outShape, int threads, Timings timings) {
        return backproject(sinogram, Inversion.PAPER, outShape, threads, timings);
    }

    /** {@link #backproject(Sinogram, Inversion, int[], int)}, adding its time and voxel-directions to {@code timings}. */
    public static PartialVolume backproject(
            Sinogram sinogram, Inversion inversion, int[] outShape, int threads, Timings timings) {
        long start = System.nanoTime();
        PartialVolume out = backproject(sinogram, inversion, outShape, threads);
        timings.addBackprojection(System.nanoTime() - start, (long) out.data().length * sinogram.count());
        return out;
    }

    /** Adds the backprojection of {@code sinogram} into {@code out}. */
    public static void backprojectInto(Sinogram sinogram, PartialVolume out, int threads) {
        backprojectInto(sinogram, Inversion.PAPER, out, threads);
    }

    /** Adds the backprojection of {@code sinogram} under {@code inversion} into {@code out}. */
    public static void backprojectInto(Sinogram sinogram, Inversion inversion, PartialVolume out, int threads) {
        backprojectInto(sinogram, sinogram.lattice().directions(sinogram.directions()), inversion, out, threads);
    }

    /**
     * The paper's backprojection of {@code sinogram} with its direction set {@code dirs} already built (a
     * {@link Reconstruction} has it; a relaxed lattice costs a second to build at {@code L = 20,000}).
     */
    static PartialVolume backproject(
            Sinogram sinogram, DirectionSet dirs, int[] outShape, int threads, Timings timings) {
        long start = System.nanoTime();
        PartialVolume out = PartialVolume.zeros(outShape);
        backprojectInto(sinogram, dirs, Inversion.PAPER, out, threads);
        timings.addBackprojection(System.nanoTime() - start, (long) out.data().length * sinogram.count());
        return out;
    }

    private static void backprojectInto(
            Sinogram sinogram, DirectionSet dirs, Inversion inversion, PartialVolume out, int threads) {
        OutputGrid grid = new OutputGrid(out.shape());
        int m = sinogram.slices();
        int row = m + 2;
        double ds = 2.0 / (m - 1);
        double[] acc = out.data();
        double[] normals = new double[3 * GROUP];
        // Interleaved (value, slope) per sample, padded with a flat sample at s = 1 so that t = M-1 needs no clamp.
        double[] tables = new double[GROUP * 2 * (m + 1)];
        double[] work = new double[row];
        double[] profile = new double[m];
        double[] kernel =
                inversion.filter() == Inversion.Filter.FRACTIONAL ? Inversion.kernel(inversion.alpha(), row) : null;
        for (int g0 = 0; g0 < sinogram.count(); g0 += GROUP) {
            int group = Math.min(GROUP, sinogram.count() - g0);
            for (int g = 0; g < group; g++) {
                int l = sinogram.first() + g0 + g;
                double[] n = dirs.normal(l);
                System.arraycopy(n, 0, normals, 3 * g, 3);
                inversion.profile(sinogram.scores(), (g0 + g) * row, m, ds, dirs.weight(l), work, kernel, profile);
                int t = g * 2 * (m + 1);
                for (int k = 0; k < m; k++) {
                    tables[t + 2 * k] = profile[k];
                }
                tables[t + 2 * m] = tables[t + 2 * (m - 1)];
                for (int k = 0; k < m; k++) {
                    tables[t + 2 * k + 1] = tables[t + 2 * k + 2] - tables[t + 2 * k];
                }
                tables[t + 2 * m + 1] = 0;
            }
            Parallel.forEach(grid.blocks, threads, block -> sweep(grid, block, normals, tables, group, m, acc));
        }
    }

    private static void sweep(
            OutputGrid grid, int block, double[] normals, double[] tables, int group, int m, double[] acc) {
        int nx = grid.nx;
        double half = 0.5 * (m - 1);
        double last = m - 1;
        int r0 = grid.firstRow(block);
        int r1 = grid.endRow(block);
        for (int g = 0; g < group; g++) {
            double n0 = normals[3 * g];
            double n1 = normals[3 * g + 1];
            double n2 = normals[3 * g + 2];
            int t0 = g * 2 * (m + 1);
            // t = (x·n + 1)(M-1)/2 is the fractional sample index; along a row it grows by b per voxel.
            double b = grid.dx * n0 * half;
            for (int r = r0; r < r1; r++) {
                double a = (grid.x0 * n0 + grid.y(r) * n1 + grid.z(r) * n2 + 1) * half;
                long range = OutputGrid.range(a, b, 0, last, 0, nx - 1);
                int lo = OutputGrid.first(range);
                int hi = OutputGrid.last(range);
                int base = r * nx;
                for (int i = lo; i <= hi; i++) {
                    double t = a + i * b;
                    int k = (int) t;
                    int at = t0 + 2 * k;
                    acc[base + i] += tables[at] + (t - k) * tables[at + 1];
                }
            }
        }
    }
}
