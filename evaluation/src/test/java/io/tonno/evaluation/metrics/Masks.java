package io.tonno.evaluation.metrics;

/** Literal masks for tests: slices of strings, {@code '#'} = foreground; string index is i, row j, slice k. */
final class Masks {
    private Masks() {}

    static boolean[] of(String[]... slices) {
        int nz = slices.length;
        int ny = slices[0].length;
        int nx = slices[0][0].length();
        boolean[] m = new boolean[nx * ny * nz];
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    m[i + nx * (j + ny * k)] = slices[k][j].charAt(i) == '#';
                }
            }
        }
        return m;
    }

    static boolean[] cube(int n, int lo, int hi) {
        boolean[] m = new boolean[n * n * n];
        for (int k = lo; k <= hi; k++) {
            for (int j = lo; j <= hi; j++) {
                for (int i = lo; i <= hi; i++) {
                    m[i + n * (j + n * k)] = true;
                }
            }
        }
        return m;
    }
}
