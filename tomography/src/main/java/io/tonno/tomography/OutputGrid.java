package io.tonno.tomography;

/**
 * The voxel grid of a heatmap as the backprojectors walk it: rows along axis 0 (contiguous in memory),
 * grouped into blocks of about {@value #BLOCK_VOXELS} voxels that stay in the L1/L2 cache while every
 * direction of a group is added to them. Blocks are the unit of parallel work; each voxel receives its
 * directions in index order whatever the block and thread count, so sums are bit-for-bit reproducible.
 */
final class OutputGrid {
    static final int BLOCK_VOXELS = 2048;

    final int nx;
    final int ny;
    final int nz;
    final double x0;
    final double dx;
    final int rows;
    final int rowsPerBlock;
    final int blocks;

    OutputGrid(int[] shape) {
        io.tonno.imaging.Volume.checkedVoxelCount(shape);
        this.nx = shape[0];
        this.ny = shape[1];
        this.nz = shape[2];
        this.x0 = HeatmapGeometry.coordinate(0, nx);
        this.dx = HeatmapGeometry.step(nx);
        this.rows = ny * nz;
        this.rowsPerBlock = Math.max(1, BLOCK_VOXELS / nx);
        this.blocks = (rows + rowsPerBlock - 1) / rowsPerBlock;
    }

    int firstRow(int block) {
        return block * rowsPerBlock;
    }

    int endRow(int block) {
        return Math.min(rows, (block + 1) * rowsPerBlock);
    }

    double y(int row) {
        return HeatmapGeometry.coordinate(row % ny, ny);
    }

    double z(int row) {
        return HeatmapGeometry.coordinate(row / ny, nz);
    }

    /**
     * The indices {@code i} in {@code [first, last]} (within {@code [0, nx)}) with
     * {@code lo <= a + i*b <= hi}, evaluated with exactly that floating-point expression, packed as
     * {@code first << 32 | last}; {@code first > last} when empty. The set is an interval because rounding
     * is monotone.
     */
    static long range(double a, double b, double lo, double hi, int first, int last) {
        if (first > last) {
            return empty();
        }
        if (b == 0) {
            return a >= lo && a <= hi ? pack(first, last) : empty();
        }
        double r1 = (lo - a) / b;
        double r2 = (hi - a) / b;
        double from = Math.ceil(Math.min(r1, r2));
        double to = Math.floor(Math.max(r1, r2));
        int f = (int) Math.max(first, Math.min(last + 1.0, from));
        int l = (int) Math.min(last, Math.max(first - 1.0, to));
        // The division may be off by one index at either end; settle each end on the exact test.
        while (f <= l && !inside(a + f * b, lo, hi)) {
            f++;
        }
        while (f > first && inside(a + (f - 1) * b, lo, hi)) {
            f--;
        }
        while (l >= f && !inside(a + l * b, lo, hi)) {
            l--;
        }
        while (l < last && l >= f && inside(a + (l + 1) * b, lo, hi)) {
            l++;
        }
        return f > l ? empty() : pack(f, l);
    }

    private static boolean inside(double t, double lo, double hi) {
        return t >= lo && t <= hi;
    }

    static long pack(int first, int last) {
        return ((long) first << 32) | (last & 0xffffffffL);
    }

    static long empty() {
        return pack(1, 0);
    }

    static int first(long range) {
        return (int) (range >>> 32);
    }

    static int last(long range) {
        return (int) range;
    }
}
