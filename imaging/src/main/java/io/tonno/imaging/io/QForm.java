package io.tonno.imaging.io;

/**
 * The NIfTI qform: conversion between a quaternion + pixdim + qfac + offset and a 4×4 row-major affine,
 * following nibabel ({@code Nifti1Header.get_qform} / {@code set_qform}, {@code quaternions.quat2mat},
 * {@code fillpositive}, {@code mat2quat}) so that files we write read back with the same affine.
 */
final class QForm {
    private QForm() {}

    /** The quaternion's {@code b, c, d}, {@code qfac} (pixdim[0]), zooms (pixdim[1..3]) and offsets. */
    record Params(double b, double c, double d, double qfac, double[] zooms, double[] offset) {}

    /**
     * nibabel's {@code get_qform}. {@code pixdim} must already carry nibabel's load fixes (qfac ±1,
     * positive zooms).
     */
    static double[] toAffine(double b, double c, double d, double[] offset, double[] pixdim) {
        // A slightly negative w² (within nibabel's tolerance) means w = 0; beyond the tolerance the header
        // parser has already refused the file (invalidQuaternion).
        double w2 = 1.0 - (b * b + c * c + d * d);
        double w = w2 < 0 ? 0 : Math.sqrt(w2);
        double[] r = quat2mat(w, b, c, d);
        double[] vox = {pixdim[1], pixdim[2], pixdim[3] * pixdim[0]};
        double[] aff = new double[16];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                aff[row * 4 + col] = r[row * 3 + col] * vox[col];
            }
            aff[row * 4 + 3] = offset[row];
        }
        aff[15] = 1;
        return aff;
    }

    /**
     * True when {@code 1 - (b²+c²+d²)} is below nibabel's tolerance, i.e. not a unit quaternion. The tolerance
     * is three float32 epsilons for NIfTI-1 (stored as float32) and three float64 epsilons for NIfTI-2.
     */
    static boolean invalidQuaternion(double b, double c, double d, boolean float32Quaternion) {
        double w2 = 1.0 - (b * b + c * c + d * d);
        double thresh = -3 * (float32Quaternion ? Math.ulp(1.0f) : Math.ulp(1.0));
        return w2 < thresh;
    }

    /** Rotation matrix (row-major 3×3) of quaternion {@code (w, x, y, z)}, nibabel's {@code quat2mat}. */
    static double[] quat2mat(double w, double x, double y, double z) {
        double nq = w * w + x * x + y * y + z * z;
        if (nq < Math.ulp(1.0)) {
            return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
        }
        double s = 2.0 / nq;
        double xs = x * s;
        double ys = y * s;
        double zs = z * s;
        double wx = w * xs;
        double wy = w * ys;
        double wz = w * zs;
        double xx = x * xs;
        double xy = x * ys;
        double xz = x * zs;
        double yy = y * ys;
        double yz = y * zs;
        double zz = z * zs;
        return new double[] {
            1.0 - (yy + zz), xy - wz, xz + wy, xy + wz, 1.0 - (xx + zz), yz - wx, xz - wy, yz + wx, 1.0 - (xx + yy)
        };
    }

    /**
     * nibabel's {@code set_qform}: zooms are the column norms of the affine's 3×3 part, qfac makes the
     * rotation proper, shears are removed by the polar decomposition (the closest orthogonal matrix), and the
     * quaternion is taken with a non-negative {@code w}. Returns {@code null} when a column has zero norm
     * (no rotation can be represented).
     */
    static Params fromAffine(double[] affine) {
        double[] m = new double[9];
        double[] zooms = new double[3];
        for (int col = 0; col < 3; col++) {
            double n = 0;
            for (int row = 0; row < 3; row++) {
                n += affine[row * 4 + col] * affine[row * 4 + col];
            }
            zooms[col] = Math.sqrt(n);
            if (!(zooms[col] > 0) || !Double.isFinite(zooms[col])) {
                return null;
            }
            for (int row = 0; row < 3; row++) {
                m[row * 3 + col] = affine[row * 4 + col] / zooms[col];
            }
        }
        double qfac = 1;
        if (det(m) <= 0) {
            qfac = -1;
            for (int row = 0; row < 3; row++) {
                m[row * 3 + 2] = -m[row * 3 + 2];
            }
        }
        double[] r = closestRotation(m);
        double[] q = mat2quat(r);
        double[] offset = {affine[3], affine[7], affine[11]};
        return new Params(q[1], q[2], q[3], qfac, zooms, offset);
    }

    /**
     * The orthogonal polar factor of {@code m} (equal to {@code U Vᵀ} of its SVD, which nibabel uses), by
     * the Newton iteration {@code X ← (X + X⁻ᵀ) / 2}, which converges quadratically for non-singular input.
     */
    static double[] closestRotation(double[] m) {
        double[] x = m.clone();
        for (int it = 0; it < 100; it++) {
            double[] invT = transpose(inverse(x));
            double diff = 0;
            for (int e = 0; e < 9; e++) {
                double nx = 0.5 * (x[e] + invT[e]);
                diff = Math.max(diff, Math.abs(nx - x[e]));
                x[e] = nx;
            }
            if (diff < 1e-15) {
                break;
            }
        }
        return x;
    }

    /** Unit quaternion {@code (w, x, y, z)} with {@code w >= 0} of a rotation matrix (Shepperd's method). */
    static double[] mat2quat(double[] r) {
        double trace = r[0] + r[4] + r[8];
        double w;
        double x;
        double y;
        double z;
        if (trace > 0) {
            double s = 0.5 / Math.sqrt(trace + 1.0);
            w = 0.25 / s;
            x = (r[7] - r[5]) * s;
            y = (r[2] - r[6]) * s;
            z = (r[3] - r[1]) * s;
        } else if (r[0] > r[4] && r[0] > r[8]) {
            double s = 2.0 * Math.sqrt(1.0 + r[0] - r[4] - r[8]);
            w = (r[7] - r[5]) / s;
            x = 0.25 * s;
            y = (r[1] + r[3]) / s;
            z = (r[2] + r[6]) / s;
        } else if (r[4] > r[8]) {
            double s = 2.0 * Math.sqrt(1.0 + r[4] - r[0] - r[8]);
            w = (r[2] - r[6]) / s;
            x = (r[1] + r[3]) / s;
            y = 0.25 * s;
            z = (r[5] + r[7]) / s;
        } else {
            double s = 2.0 * Math.sqrt(1.0 + r[8] - r[0] - r[4]);
            w = (r[3] - r[1]) / s;
            x = (r[2] + r[6]) / s;
            y = (r[5] + r[7]) / s;
            z = 0.25 * s;
        }
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        double sign = w < 0 ? -1 : 1;
        return new double[] {sign * w / n, sign * x / n, sign * y / n, sign * z / n};
    }

    static double det(double[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7])
                - m[1] * (m[3] * m[8] - m[5] * m[6])
                + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }

    static double[] inverse(double[] m) {
        double d = det(m);
        return new double[] {
            (m[4] * m[8] - m[5] * m[7]) / d, (m[2] * m[7] - m[1] * m[8]) / d, (m[1] * m[5] - m[2] * m[4]) / d,
            (m[5] * m[6] - m[3] * m[8]) / d, (m[0] * m[8] - m[2] * m[6]) / d, (m[2] * m[3] - m[0] * m[5]) / d,
            (m[3] * m[7] - m[4] * m[6]) / d, (m[1] * m[6] - m[0] * m[7]) / d, (m[0] * m[4] - m[1] * m[3]) / d
        };
    }

    static double[] transpose(double[] m) {
        return new double[] {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]};
    }
}
