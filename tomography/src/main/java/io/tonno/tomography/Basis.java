package io.tonno.tomography;

/**
 * The in-plane basis {@code (u, v)} of a unit normal {@code n}: the branchless orthonormal basis of
 * Duff et al., "Building an Orthonormal Basis, Revisited" (JCGT 2017), exactly as {@code method.md} §3.
 * Training and reconstruction both use this function, so a network sees the same in-plane
 * orientation convention in both.
 */
public final class Basis {
    private Basis() {}

    /**
     * Computes {@code u} and {@code v} for the unit normal {@code (nx, ny, nz)}.
     *
     * @return {@code {u, v}}, each a 3-vector; {@code (n, u, v)} is orthonormal for a unit {@code n}
     */
    public static double[][] of(double nx, double ny, double nz) {
        double sigma = Math.copySign(1.0, nz);
        double a = -1.0 / (sigma + nz);
        double b = nx * ny * a;
        double[] u = {1 + sigma * nx * nx * a, sigma * b, -sigma * nx};
        double[] v = {b, sigma + ny * ny * a, -ny};
        return new double[][] {u, v};
    }

    /** Same as {@link #of(double, double, double)} for a 3-vector. */
    public static double[][] of(double[] n) {
        return of(n[0], n[1], n[2]);
    }
}
