package io.tonno.imaging.label;

/**
 * Which voxels touch in 3D. Two foreground voxels are neighbours when their index offsets
 * {@code (di, dj, dk)}, each in {@code {-1, 0, 1}}, satisfy:
 * <ul>
 *   <li>{@link #SIX}: they share a face ({@code |di|+|dj|+|dk| == 1}); scipy's
 *       {@code generate_binary_structure(3, 1)};</li>
 *   <li>{@link #EIGHTEEN}: they share a face or an edge ({@code |di|+|dj|+|dk| <= 2});
 *       {@code generate_binary_structure(3, 2)};</li>
 *   <li>{@link #TWENTY_SIX}: they share a face, an edge or a corner (any offset);
 *       {@code generate_binary_structure(3, 3)}. The project default.</li>
 * </ul>
 */
public enum Connectivity {
    SIX(1),
    EIGHTEEN(2),
    TWENTY_SIX(3);

    private final int maxManhattan;

    Connectivity(int maxManhattan) {
        this.maxManhattan = maxManhattan;
    }

    /** True when the offset {@code (di, dj, dk)} (each in -1..1, not all 0) connects two voxels. */
    public boolean connects(int di, int dj, int dk) {
        int m = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
        return m >= 1 && m <= maxManhattan;
    }

    /**
     * The neighbour offsets visited before a voxel in a scan with {@code i} fastest, then {@code j},
     * then {@code k}: rows of {@code {di, dj, dk}}. Half of the neighbourhood (3, 9 or 13 offsets).
     */
    int[][] backwardOffsets() {
        int n = 0;
        int[][] tmp = new int[13][];
        for (int dk = -1; dk <= 0; dk++) {
            for (int dj = -1; dj <= 1; dj++) {
                for (int di = -1; di <= 1; di++) {
                    boolean before = dk < 0 || (dk == 0 && (dj < 0 || (dj == 0 && di < 0)));
                    if (before && connects(di, dj, dk)) {
                        tmp[n++] = new int[] {di, dj, dk};
                    }
                }
            }
        }
        int[][] out = new int[n][];
        System.arraycopy(tmp, 0, out, 0, n);
        return out;
    }
}
