package io.tonno.imaging.synth;

import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import io.tonno.imaging.label.VoxelBounds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one synthetic case: a cube of {@code n³} voxels, 1 mm spacing, values in {@code [0, 1]}, zero outside
 * an ellipsoidal "body".
 *
 * <p>Inside the body: a base level 0.45; 3–5 soft-edged "organs" (rotated ellipsoids, offsets −0.2..+0.2);
 * 2–5 thin bright tubes ("vessels", contrast like a lesion's; their cross-section in a 2D slice looks like a
 * lesion, which is what makes the task hard for a 2D classifier); 0–2 dark round "cysts"; a smooth texture
 * (ten random plane waves, wavelength 3–12 voxels, amplitude 0.025 each) and white noise (σ 0.025).
 * Positive cases add 1–4 lesions: rotated ellipsoids with axis ratios 0.7–1.3, centred well inside the body.
 * Vessel, cyst and noise counts and strengths and lesion radius and contrast come from the {@link Difficulty}
 * (the numbers above are those of {@link Difficulty#HARD}). The
 * lesion mask is the set of voxels inside a lesion ellipsoid (and inside the body); each lesion also yields
 * its bounding {@link Box}.
 */
final class SyntheticCase {
    private SyntheticCase() {}

    static GeneratedCase generate(int n, boolean positive, Difficulty d, SplittableRandom r) {
        double[] spacing = {1, 1, 1};
        double[] affine = Volume.diagonalAffine(spacing);
        // Centre the world origin in the volume, like a scanner's isocentre.
        affine[3] = affine[7] = affine[11] = -(n - 1) / 2.0;
        float[] tissue = new float[n * n * n];
        float[] bodyWeight = new float[n * n * n];

        double angle = (r.nextDouble() - 0.5) * 0.6;
        double[] zrot = {Math.cos(angle), Math.sin(angle), 0, -Math.sin(angle), Math.cos(angle), 0, 0, 0, 1};
        Ellipsoid body = new Ellipsoid(
                n / 2.0 + jitter(r, n),
                n / 2.0 + jitter(r, n),
                (n - 1) / 2.0,
                n * uniform(r, 0.38, 0.46),
                n * uniform(r, 0.30, 0.40),
                n * uniform(r, 0.44, 0.52),
                zrot);
        double bodyMin = Math.min(body.rx(), body.ry());
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    int idx = i + n * (j + n * k);
                    bodyWeight[idx] = (float) softEdge(body.level(i, j, k), bodyMin, 1.0);
                    tissue[idx] = 0.45f;
                }
            }
        }
        int organs = 3 + r.nextInt(3);
        for (int o = 0; o < organs; o++) {
            Ellipsoid e = insideBody(r, body, 0.55, n * uniform(r, 0.08, 0.2), 0.6, 1.4);
            add(tissue, n, e, uniform(r, -0.2, 0.2), 1.5, null);
        }
        int vessels = d.vesselsMin + r.nextInt(d.vesselsMax - d.vesselsMin + 1);
        double scale = n / 48.0;
        for (int v = 0; v < vessels; v++) {
            double rt = uniform(r, 1.0, 2.2) * Math.max(0.7, scale);
            Ellipsoid c = insideBody(r, body, 0.6, 1, 1, 1);
            Ellipsoid tube = new Ellipsoid(
                    c.cx(), c.cy(), c.cz(), rt, rt, n * uniform(r, 0.15, 0.35), Ellipsoid.randomRotation(r));
            add(tissue, n, tube, uniform(r, d.vesselContrastLow, d.vesselContrastHigh), 0.7, null);
        }
        int cysts = r.nextInt(d.cystsMax + 1);
        for (int c = 0; c < cysts; c++) {
            Ellipsoid e = insideBody(r, body, 0.6, uniform(r, 1.5, Math.max(2.5, n / 9.0)), 0.85, 1.15);
            add(tissue, n, e, uniform(r, -0.25, -0.1), 0.8, null);
        }
        PlaneWaves.add(tissue, n, r, 10, 3, 12, 0.025);
        for (int idx = 0; idx < tissue.length; idx++) {
            tissue[idx] += (float) (d.noiseSigma * r.nextGaussian());
        }

        float[] maskData = new float[n * n * n];
        List<Box> boxes = new ArrayList<>();
        if (positive) {
            int lesions = 1 + r.nextInt(4);
            for (int l = 0; l < lesions; l++) {
                double rb = uniform(r, d.lesionMinRadius(n), d.lesionMaxRadius(n));
                Ellipsoid e = insideBody(r, body, 0.7, rb, 0.7, 1.3);
                double contrast = r.nextDouble() < 1 - d.darkLesionProbability
                        ? uniform(r, d.lesionContrastLow, d.lesionContrastHigh)
                        : -uniform(r, 0.08, 0.25);
                Box box = add(tissue, n, e, contrast, 0.8, maskData);
                if (box != null) {
                    boxes.add(box);
                }
            }
        }
        float[] image = new float[n * n * n];
        for (int idx = 0; idx < image.length; idx++) {
            float inside = Math.min(1f, Math.max(0.05f, tissue[idx]));
            image[idx] = bodyWeight[idx] * inside;
            if (bodyWeight[idx] < 0.5f) {
                maskData[idx] = 0;
            }
        }
        int[] shape = {n, n, n};
        return new GeneratedCase(
                new Volume(shape, spacing, affine, image), new Volume(shape, spacing, affine, maskData), boxes);
    }

    /**
     * Adds {@code contrast * profile} inside ellipsoid {@code e} (soft edge of the given width in voxels); when
     * {@code mask} is given, marks the voxels inside the ellipsoid and returns their bounding box.
     */
    private static Box add(float[] data, int n, Ellipsoid e, double contrast, double edge, float[] mask) {
        int ext = (int) Math.ceil(e.extent() + 2);
        int i0 = Math.max(0, (int) e.cx() - ext);
        int i1 = Math.min(n - 1, (int) e.cx() + ext);
        int j0 = Math.max(0, (int) e.cy() - ext);
        int j1 = Math.min(n - 1, (int) e.cy() + ext);
        int k0 = Math.max(0, (int) e.cz() - ext);
        int k1 = Math.min(n - 1, (int) e.cz() + ext);
        double rmin = Math.min(e.rx(), Math.min(e.ry(), e.rz()));
        VoxelBounds bounds = new VoxelBounds();
        for (int k = k0; k <= k1; k++) {
            for (int j = j0; j <= j1; j++) {
                for (int i = i0; i <= i1; i++) {
                    double level = e.level(i, j, k);
                    double w = softEdge(level, rmin, edge);
                    if (w <= 0) {
                        continue;
                    }
                    int idx = i + n * (j + n * k);
                    data[idx] += (float) (contrast * w);
                    if (mask != null && level <= 1) {
                        mask[idx] = 1;
                        bounds.add(i, j, k);
                    }
                }
            }
        }
        return bounds.box();
    }

    /** 1 inside, 0 outside, a linear ramp of {@code edge} voxels across the surface (0.5 on it). */
    static double softEdge(double level, double radius, double edge) {
        double dist = (1 - Math.sqrt(level)) * radius; // approximate signed distance in voxels
        return Math.max(0, Math.min(1, dist / edge + 0.5));
    }

    /** A random ellipsoid of base radius {@code rb} (axes scaled by lo..hi) centred in the scaled body. */
    private static Ellipsoid insideBody(
            SplittableRandom r, Ellipsoid body, double shrink, double rb, double lo, double hi) {
        double cx;
        double cy;
        double cz;
        do {
            cx = body.cx() + (2 * r.nextDouble() - 1) * body.extent();
            cy = body.cy() + (2 * r.nextDouble() - 1) * body.extent();
            cz = body.cz() + (2 * r.nextDouble() - 1) * body.extent();
        } while (body.level(cx, cy, cz) > shrink * shrink);
        return new Ellipsoid(
                cx,
                cy,
                cz,
                rb * uniform(r, lo, hi),
                rb * uniform(r, lo, hi),
                rb * uniform(r, lo, hi),
                Ellipsoid.randomRotation(r));
    }

    private static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    private static double jitter(SplittableRandom r, int n) {
        return (r.nextDouble() - 0.5) * 0.06 * n;
    }
}
