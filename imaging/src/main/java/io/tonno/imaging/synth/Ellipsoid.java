package io.tonno.imaging.synth;

import java.util.SplittableRandom;

/**
 * A rotated ellipsoid in voxel coordinates. {@link #level(double, double, double)} is the squared
 * normalised radius: below 1 inside, 1 on the surface.
 */
record Ellipsoid(double cx, double cy, double cz, double rx, double ry, double rz, double[] rot) {

    double level(double x, double y, double z) {
        double dx = x - cx;
        double dy = y - cy;
        double dz = z - cz;
        // Rows of rot are the ellipsoid's axes in voxel space.
        double u = (rot[0] * dx + rot[1] * dy + rot[2] * dz) / rx;
        double v = (rot[3] * dx + rot[4] * dy + rot[5] * dz) / ry;
        double w = (rot[6] * dx + rot[7] * dy + rot[8] * dz) / rz;
        return u * u + v * v + w * w;
    }

    /** Largest radius: the ellipsoid lies inside the cube of this half-size around its centre. */
    double extent() {
        return Math.max(rx, Math.max(ry, rz));
    }

    /** A uniformly random rotation (from a random unit quaternion), row-major 3×3. */
    static double[] randomRotation(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble() * 2 * Math.PI;
        double u3 = r.nextDouble() * 2 * Math.PI;
        double a = Math.sqrt(1 - u1);
        double b = Math.sqrt(u1);
        double w = a * Math.sin(u2);
        double x = a * Math.cos(u2);
        double y = b * Math.sin(u3);
        double z = b * Math.cos(u3);
        return new double[] {
            1 - 2 * (y * y + z * z),
            2 * (x * y - z * w),
            2 * (x * z + y * w),
            2 * (x * y + z * w),
            1 - 2 * (x * x + z * z),
            2 * (y * z - x * w),
            2 * (x * z - y * w),
            2 * (y * z + x * w),
            1 - 2 * (x * x + y * y)
        };
    }

    static final double[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};
}
