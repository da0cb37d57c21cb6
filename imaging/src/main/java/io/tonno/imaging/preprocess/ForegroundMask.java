package io.tonno.imaging.preprocess;

import io.tonno.imaging.Volume;

/**
 * The body (foreground) mask of a normalised image, used to restrict binarization (method.md §10).
 *
 * <p>Rule: (1) voxels with intensity strictly above {@code threshold}; (2) keep only the largest
 * 6-connected component (drops table, blanket and noise specks); (3) fill holes slice by slice along axis 2
 * (axial for usual scans): background pixels of a slice that cannot reach the slice border through
 * 4-connected background become foreground, so lungs, bowel gas and dark cavities surrounded by the body
 * count as body even when they connect to the outside in 3D (e.g. lungs through the trachea).
 *
 * <p>Memory: one byte per voxel plus a growable queue of the current flood front, so it runs on 512³.
 */
public final class ForegroundMask {
    private static final byte OUT = 0;
    private static final byte CANDIDATE = 1;
    private static final byte SEEN = 2;
    private static final byte KEEP = 3;

    private ForegroundMask() {}

    /** A 0/1 volume with the geometry of {@code image}. */
    public static Volume compute(Volume image, double threshold) {
        int nx = image.nx();
        int ny = image.ny();
        int nz = image.nz();
        float[] d = image.data();
        byte[] state = new byte[d.length];
        for (int i = 0; i < d.length; i++) {
            state[i] = d[i] > threshold ? CANDIDATE : OUT;
        }
        // Pass 1: find the seed and size of the largest component (marking visited voxels SEEN).
        IntQueue q = new IntQueue();
        long bestSize = 0;
        int bestSeed = -1;
        for (int s = 0; s < state.length; s++) {
            if (state[s] != CANDIDATE) {
                continue;
            }
            long size = flood(state, s, CANDIDATE, SEEN, nx, ny, nz, q);
            if (size > bestSize) {
                bestSize = size;
                bestSeed = s;
            }
        }
        float[] out = new float[d.length];
        if (bestSeed < 0) {
            return image.withData(out);
        }
        // Pass 2: re-flood the winner only.
        flood(state, bestSeed, SEEN, KEEP, nx, ny, nz, q);
        for (int i = 0; i < out.length; i++) {
            if (state[i] == KEEP) {
                out[i] = 1;
            }
        }
        fillHolesPerSlice(out, nx, ny, nz);
        return image.withData(out);
    }

    /** 6-connected flood from {@code seed} turning {@code from} into {@code to}; returns the component size. */
    private static long flood(byte[] st, int seed, byte from, byte to, int nx, int ny, int nz, IntQueue q) {
        long size = 0;
        int[] extent = {nx, ny, nz};
        int[] stride = {1, nx, nx * ny};
        st[seed] = to;
        q.push(seed);
        while (!q.isEmpty()) {
            int v = q.pop();
            size++;
            // The neighbours below and above along i, then j, then k.
            for (int axis = 0; axis < 3; axis++) {
                int c = (v / stride[axis]) % extent[axis];
                if (c > 0) {
                    relabel(st, v - stride[axis], from, to, q);
                }
                if (c < extent[axis] - 1) {
                    relabel(st, v + stride[axis], from, to, q);
                }
            }
        }
        return size;
    }

    /** Turns voxel {@code n} from {@code from} into {@code to} and queues it; other voxels are left alone. */
    private static void relabel(byte[] st, int n, byte from, byte to, IntQueue q) {
        if (st[n] == from) {
            st[n] = to;
            q.push(n);
        }
    }

    private static void fillHolesPerSlice(float[] m, int nx, int ny, int nz) {
        byte[] outside = new byte[nx * ny];
        IntQueue q = new IntQueue();
        for (int k = 0; k < nz; k++) {
            int base = nx * ny * k;
            java.util.Arrays.fill(outside, (byte) 0);
            for (int i = 0; i < nx; i++) {
                seed(m, base, outside, i, q);
                seed(m, base, outside, i + nx * (ny - 1), q);
            }
            for (int j = 0; j < ny; j++) {
                seed(m, base, outside, nx * j, q);
                seed(m, base, outside, nx - 1 + nx * j, q);
            }
            while (!q.isEmpty()) {
                int p = q.pop();
                int i = p % nx;
                int j = p / nx;
                if (i > 0) {
                    seed(m, base, outside, p - 1, q);
                }
                if (i < nx - 1) {
                    seed(m, base, outside, p + 1, q);
                }
                if (j > 0) {
                    seed(m, base, outside, p - nx, q);
                }
                if (j < ny - 1) {
                    seed(m, base, outside, p + nx, q);
                }
            }
            for (int p = 0; p < nx * ny; p++) {
                if (outside[p] == 0) {
                    m[base + p] = 1;
                }
            }
        }
    }

    private static void seed(float[] m, int base, byte[] outside, int p, IntQueue q) {
        if (outside[p] == 0 && m[base + p] == 0) {
            outside[p] = 1;
            q.push(p);
        }
    }

    /** A growable FIFO of ints (circular buffer). */
    static final class IntQueue {
        private int[] a = new int[1024];
        private int head;
        private int size;

        void push(int v) {
            if (size == a.length) {
                int[] b = new int[a.length * 2];
                for (int t = 0; t < size; t++) {
                    b[t] = a[(head + t) % a.length];
                }
                a = b;
                head = 0;
            }
            a[(head + size) % a.length] = v;
            size++;
        }

        int pop() {
            int v = a[head];
            head = (head + 1) % a.length;
            size--;
            return v;
        }

        boolean isEmpty() {
            return size == 0;
        }
    }
}
