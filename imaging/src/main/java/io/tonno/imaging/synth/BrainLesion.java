package io.tonno.imaging.synth;

import java.util.SplittableRandom;

/**
 * An irregular lesion in voxel coordinates: a rotated ellipsoid whose surface radius is modulated by a few
 * smooth random "bumps", with a soft edge.
 *
 * <p>With {@code u} the point in the ellipsoid's normalised frame ({@code |u| = 1} on the unperturbed
 * surface) and {@code d = u / |u|}, the perturbed surface is {@code |u| = ρ(d)},
 * {@code ρ(d) = 1 + Σ_m a_m cos(π f_m (d · e_m) + φ_m)} with {@link #BUMPS} terms of amplitude
 * {@code a_m ∈ [0, 0.06]} (so {@code ρ ∈ [0.76, 1.24]}), frequency {@code f_m ∈ [1, 3]}, random unit
 * {@code e_m} and phase {@code φ_m}. The signed distance to the surface is approximated by
 * {@code (ρ(d) − |u|) · radius} voxels (positive inside) and the lesion's weight is a linear ramp of
 * {@link #EDGE} voxels across the surface (0.5 on it). The lesion mask is the set of voxels of weight ≥ 0.5.
 *
 * @param centre   centre in voxel indices {@code (i, j, k)}
 * @param radius   base radius in voxels: the geometric mean of the three semi-axes
 * @param axes     semi-axes in voxels
 * @param rot      rows are the ellipsoid's axes in voxel space (row-major 3×3)
 * @param bumps    {@link #BUMPS} rows of {@code (e_x, e_y, e_z, f, φ, a)}
 * @param contrast relative intensity drop in the lesion core: tissue × (1 − contrast · weight)
 */
record BrainLesion(double[] centre, double radius, double[] axes, double[] rot, double[][] bumps, double contrast) {
    /** Number of surface bumps. */
    static final int BUMPS = 4;
    /** Width of the soft edge, voxels. */
    static final double EDGE = 1.5;

    /** A random lesion at {@code centre} of base radius {@code radius} (axis ratios up to 1.3) and contrast. */
    static BrainLesion random(SplittableRandom r, double[] centre, double radius, double contrast) {
        double[] logs = new double[3];
        double mean = 0;
        for (int a = 0; a < 3; a++) {
            logs[a] = Math.log(1.3) * (2 * r.nextDouble() - 1);
            mean += logs[a] / 3;
        }
        double[] axes = new double[3];
        for (int a = 0; a < 3; a++) {
            axes[a] = radius * Math.exp(logs[a] - mean);
        }
        double[] rot = Ellipsoid.randomRotation(r);
        double[][] bumps = new double[BUMPS][];
        for (int m = 0; m < BUMPS; m++) {
            double z = 2 * r.nextDouble() - 1;
            double phi = 2 * Math.PI * r.nextDouble();
            double s = Math.sqrt(1 - z * z);
            bumps[m] = new double[] {
                s * Math.cos(phi),
                s * Math.sin(phi),
                z,
                1 + 2 * r.nextDouble(),
                2 * Math.PI * r.nextDouble(),
                0.06 * r.nextDouble()
            };
        }
        return new BrainLesion(centre.clone(), radius, axes, rot, bumps, contrast);
    }

    /** Half the edge of the cube around the centre outside which the weight is 0. */
    int reach() {
        double longest = Math.max(axes[0], Math.max(axes[1], axes[2]));
        return (int) Math.ceil(longest * (1 + 0.06 * BUMPS) + EDGE);
    }

    /** Approximate signed distance (voxels, positive inside) from voxel {@code (i, j, k)} to the surface. */
    double distance(double i, double j, double k) {
        double dx = i - centre[0];
        double dy = j - centre[1];
        double dz = k - centre[2];
        double u = (rot[0] * dx + rot[1] * dy + rot[2] * dz) / axes[0];
        double v = (rot[3] * dx + rot[4] * dy + rot[5] * dz) / axes[1];
        double w = (rot[6] * dx + rot[7] * dy + rot[8] * dz) / axes[2];
        double len = Math.sqrt(u * u + v * v + w * w);
        double rho = 1;
        if (len > 0) {
            for (double[] b : bumps) {
                rho += b[5] * Math.cos(Math.PI * b[3] * (b[0] * u + b[1] * v + b[2] * w) / len + b[4]);
            }
        }
        return (rho - len) * radius;
    }

    /** Weight in [0, 1] at a signed distance: 0.5 on the surface, 1 deeper than half the edge inside. */
    static double weight(double distance) {
        return Math.max(0, Math.min(1, distance / EDGE + 0.5));
    }
}
