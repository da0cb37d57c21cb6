package io.tonno.tomography;

import io.tonno.imaging.Volume;

/**
 * Which slices of a ToNNO sinogram can hold anything: with body offsets ({@link ReconstructionSettings#bodyOffsets})
 * only the planes that meet the volume's non-zero voxels are sliced and scored; every other slice is exactly zero
 * (trilinear interpolation, zero outside the volume), so its score is the score of an all-zero slice, computed once.
 *
 * <p>For a normal {@code n}, the non-zero voxels' centres {@code c} project to {@code [min c·n, max c·n]}; a sample
 * at {@code x} is non-zero only when some non-zero centre lies within one voxel spacing {@code h_a = 2/(N_a - 1)} of
 * {@code x} on every axis, so the plane {@code x·n = s} can hold a non-zero pixel only when
 * {@code min c·n − Σ_a h_a|n_a| ≤ s ≤ max c·n + Σ_a h_a|n_a|} (an axis of one voxel contributes {@code |n_a|}, its
 * voxel filling {@code |p_a| ≤ 1}). Slices outside that interval are skipped. The maximum of the linear function
 * {@code c·n} over a row of voxels along the first axis is at the row's first or last non-zero voxel, so only those
 * two per row are kept ({@code 2·N_y·N_z} points at most). NaN voxels count as non-zero.
 *
 * <p>Direction {@code l} scores the slices {@code j = first(l) .. first(l) + count(l) - 1} of its {@code M+2}
 * ({@code j = m + 1}); {@link #start} numbers the scored slices of all directions consecutively, which is the grid
 * that batches follow, so that results do not depend on chunking.
 */
final class PlaneSupport {
    private final int[] first;
    private final int[] count;
    private final long[] start;

    private PlaneSupport(int[] first, int[] count) {
        this.first = first;
        this.count = count;
        this.start = new long[first.length + 1];
        for (int l = 0; l < first.length; l++) {
            start[l + 1] = start[l] + count[l];
        }
    }

    /** Every slice of every direction (the paper's sampling). */
    static PlaneSupport all(DirectionSet dirs, ReconstructionSettings settings) {
        int[] first = new int[dirs.size()];
        int[] count = new int[dirs.size()];
        java.util.Arrays.fill(count, settings.slicesPerDirection());
        return new PlaneSupport(first, count);
    }

    /** The slices that meet the non-zero voxels of {@code volume}. */
    static PlaneSupport body(Volume volume, DirectionSet dirs, ReconstructionSettings settings) {
        int nx = volume.nx();
        int ny = volume.ny();
        int nz = volume.nz();
        float[] d = volume.data();
        // Row end points (first and last non-zero voxel of each x-row), in cube coordinates.
        double[] pts = new double[6 * ny * nz];
        int np = 0;
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                int row = nx * (j + ny * k);
                int lo = -1;
                int hi = -1;
                for (int i = 0; i < nx; i++) {
                    if (d[row + i] != 0) {
                        if (lo < 0) {
                            lo = i;
                        }
                        hi = i;
                    }
                }
                if (lo < 0) {
                    continue;
                }
                for (int i : lo == hi ? new int[] {lo} : new int[] {lo, hi}) {
                    pts[3 * np] = HeatmapGeometry.coordinate(i, nx);
                    pts[3 * np + 1] = HeatmapGeometry.coordinate(j, ny);
                    pts[3 * np + 2] = HeatmapGeometry.coordinate(k, nz);
                    np++;
                }
            }
        }
        int per = settings.slicesPerDirection();
        int[] first = new int[dirs.size()];
        int[] count = new int[dirs.size()];
        double eps = 1e-9;
        for (int l = 0; l < dirs.size(); l++) {
            if (np == 0) {
                continue; // an all-zero volume: nothing to score
            }
            double[] n = dirs.normal(l);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < np; p++) {
                double s = pts[3 * p] * n[0] + pts[3 * p + 1] * n[1] + pts[3 * p + 2] * n[2];
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
            double margin = reach(nx, n[0]) + reach(ny, n[1]) + reach(nz, n[2]) + eps;
            int lo = per;
            int hi = -1;
            for (int j = 0; j < per; j++) {
                double s = settings.offset(j - 1);
                if (s >= min - margin && s <= max + margin) {
                    lo = Math.min(lo, j);
                    hi = j;
                }
            }
            if (hi >= lo) {
                first[l] = lo;
                count[l] = hi - lo + 1;
            }
        }
        return new PlaneSupport(first, count);
    }

    /** How far along {@code n_a} a sample can be from a non-zero voxel centre and still see it. */
    private static double reach(int n, double na) {
        return n == 1 ? Math.abs(na) : 2.0 / (n - 1) * Math.abs(na);
    }

    /** First scored slice {@code j} of direction {@code l}. */
    int first(int l) {
        return first[l];
    }

    /** Number of scored slices of direction {@code l}. */
    int count(int l) {
        return count[l];
    }

    /** Index of direction {@code l}'s first scored slice among the scored slices of all directions. */
    long start(int l) {
        return start[l];
    }

    /** The direction whose scored slices hold global scored slice {@code g}. */
    int direction(long g) {
        int lo = 0;
        int hi = first.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (start[mid] <= g) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        // Skip directions without scored slices (start[l] == start[l + 1]).
        while (count[lo] == 0 || g >= start[lo + 1]) {
            lo++;
        }
        return lo;
    }

    /** Scored slices of all directions. */
    long total() {
        return start[first.length];
    }
}
