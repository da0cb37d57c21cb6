package io.tonno.imaging.label;

import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import java.util.Arrays;
import java.util.Objects;

/**
 * Labels the connected components of a 3D binary mask with a two-pass union-find scan, so that it
 * needs no recursion and no stack proportional to component size (512³ masks work).
 *
 * <p>Input layout is that of {@link Volume}: axis 0 fastest, {@code mask[i + nx*(j + ny*k)]}.
 * Memory: the output {@code int} label array plus a union-find table of one {@code int} per
 * provisional label (at most one per foreground voxel, typically far fewer).
 */
public final class ConnectedComponents {
    private ConnectedComponents() {}

    /** Labels a mask whose foreground is every voxel that is non-zero and not NaN. */
    public static Labeling label(Volume mask, Connectivity connectivity) {
        return label(Masks.of(mask), mask.nx(), mask.ny(), mask.nz(), connectivity);
    }

    /** Labels a mask whose foreground is every non-zero byte. */
    public static Labeling label(byte[] mask, int nx, int ny, int nz, Connectivity connectivity) {
        boolean[] fg = new boolean[mask.length];
        for (int n = 0; n < mask.length; n++) {
            fg[n] = mask[n] != 0;
        }
        return label(fg, nx, ny, nz, connectivity);
    }

    /**
     * Labels a boolean mask.
     *
     * @param mask         foreground flags, length {@code nx*ny*nz}, axis 0 fastest
     * @param connectivity which neighbours touch
     * @return labels numbered in order of first voxel, with voxel counts and bounding boxes
     * @throws IllegalArgumentException if the length does not match the shape
     */
    public static Labeling label(boolean[] mask, int nx, int ny, int nz, Connectivity connectivity) {
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(connectivity, "connectivity");
        long n = Volume.checkedVoxelCount(new int[] {nx, ny, nz});
        if (mask.length != n) {
            throw new IllegalArgumentException(
                    "mask length " + mask.length + " does not match shape [" + nx + ", " + ny + ", " + nz + "]");
        }
        int[] labels = new int[mask.length];
        UnionFind uf = new UnionFind();
        int[][] offsets = connectivity.backwardOffsets();
        int sliceSize = nx * ny;

        // Pass 1: give each foreground voxel the smallest provisional label among its already-visited
        // neighbours and record that all those labels are one component.
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                int row = nx * (j + ny * k);
                for (int i = 0; i < nx; i++) {
                    int idx = row + i;
                    if (!mask[idx]) {
                        continue;
                    }
                    int current = 0;
                    for (int[] o : offsets) {
                        int ii = i + o[0];
                        int jj = j + o[1];
                        int kk = k + o[2];
                        if (ii < 0 || ii >= nx || jj < 0 || jj >= ny || kk < 0) {
                            continue;
                        }
                        int neighbour = labels[ii + nx * jj + sliceSize * kk];
                        if (neighbour == 0) {
                            continue;
                        }
                        current = current == 0 ? uf.find(neighbour) : uf.union(current, neighbour);
                    }
                    labels[idx] = current == 0 ? uf.add() : current;
                }
            }
        }

        // Roots are the smallest provisional label of their set, so numbering roots in increasing
        // order numbers components by their first voxel in scan order.
        int provisional = uf.size();
        int[] finalOf = new int[provisional + 1];
        int count = 0;
        for (int p = 1; p <= provisional; p++) {
            int root = uf.find(p);
            finalOf[p] = root == p ? ++count : finalOf[root];
        }

        // Pass 2: relabel and gather statistics.
        long[] voxels = new long[count];
        int[] lo = new int[3 * count];
        int[] hi = new int[3 * count];
        Arrays.fill(lo, Integer.MAX_VALUE);
        Arrays.fill(hi, Integer.MIN_VALUE);
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                int row = nx * (j + ny * k);
                for (int i = 0; i < nx; i++) {
                    int p = labels[row + i];
                    if (p == 0) {
                        continue;
                    }
                    int c = finalOf[p];
                    labels[row + i] = c;
                    int b = 3 * (c - 1);
                    voxels[c - 1]++;
                    lo[b] = Math.min(lo[b], i);
                    lo[b + 1] = Math.min(lo[b + 1], j);
                    lo[b + 2] = Math.min(lo[b + 2], k);
                    hi[b] = Math.max(hi[b], i);
                    hi[b + 1] = Math.max(hi[b + 1], j);
                    hi[b + 2] = Math.max(hi[b + 2], k);
                }
            }
        }
        Box[] boxes = new Box[count];
        for (int c = 0; c < count; c++) {
            boxes[c] = new Box(lo[3 * c], lo[3 * c + 1], lo[3 * c + 2], hi[3 * c], hi[3 * c + 1], hi[3 * c + 2]);
        }
        return new Labeling(nx, ny, nz, labels, count, voxels, boxes);
    }

    /** Disjoint sets over provisional labels 1..size, rooted at each set's smallest label. */
    private static final class UnionFind {
        private int[] parent = new int[1024];
        private int size;

        int add() {
            size++;
            if (size >= parent.length) {
                parent = Arrays.copyOf(parent, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * parent.length));
            }
            parent[size] = size;
            return size;
        }

        int size() {
            return size;
        }

        int find(int x) {
            while (parent[x] != x) {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }

        int union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra == rb) {
                return ra;
            }
            int root = Math.min(ra, rb);
            parent[Math.max(ra, rb)] = root;
            return root;
        }
    }
}
