package io.tonno.imaging.synth;

/**
 * A {@link BrainTemplate} prepared for output cubes of {@code n³} isotropic voxels that the brain fills.
 *
 * <p><b>Geometry.</b> The cube is centred on the brain's bounding box and its edge is {@link #MARGIN} times the
 * box's longest side, so the output spacing is {@code h = MARGIN · maxExtent / n} mm (3.09 mm for Colin27 at
 * {@code n = 64}). Output voxel {@code p} sits at template index {@code x_a = c_a + (p_a − (n−1)/2) · h / s_a}
 * ({@code c}: box centre, {@code s}: template spacing); the output affine is the template affine composed with
 * that map, so the output lies in the template's world space, axes parallel to the template's.
 *
 * <p><b>Anti-aliasing.</b> Anatomy, brain and white-matter arrays are smoothed with a Gaussian of
 * {@code σ_a = max(0, (h / s_a − 1) / 2)} template voxels (the rule of scikit-image's {@code rescale}), so
 * sampling them at the output spacing does not alias. The masks become partial-volume fractions in [0, 1].
 */
final class TemplateGrid {
    /** Cube edge over the brain's longest extent: room for the pose and deformation of each case. */
    static final double MARGIN = 1.1;

    final int n;
    /** Output spacing in mm. */
    final double spacing;
    /** Output voxel-to-world affine, row-major 4×4. */
    final double[] affine;
    /** Template spacing in mm, per axis. */
    final double[] templateSpacing;
    /** Brain box centre in template voxels. */
    final double[] centre;

    final int[] shape;
    final float[] anatomy;
    final float[] brain;
    final float[] whiteMatter;

    TemplateGrid(BrainTemplate t, int n) {
        this.n = n;
        double[] extent = t.brainExtentMm();
        this.spacing = MARGIN * Math.max(extent[0], Math.max(extent[1], extent[2])) / n;
        this.templateSpacing = t.spacing.clone();
        this.centre = t.brainCentre();
        this.shape = t.shape.clone();
        double[] sigma = new double[3];
        double[] scale = new double[3];
        for (int a = 0; a < 3; a++) {
            scale[a] = spacing / templateSpacing[a];
            sigma[a] = Math.max(0, (scale[a] - 1) / 2);
        }
        this.anatomy = t.anatomy.clone();
        this.brain = t.brain.clone();
        this.whiteMatter = t.whiteMatter.clone();
        GaussianBlur.apply(anatomy, shape, sigma);
        GaussianBlur.apply(brain, shape, sigma);
        GaussianBlur.apply(whiteMatter, shape, sigma);
        // affine_out = affine_template · M, with M: p ↦ c + (p − (n−1)/2) · scale (per axis).
        double half = (n - 1) / 2.0;
        double[] a = t.affine;
        this.affine = new double[16];
        for (int row = 0; row < 3; row++) {
            double translation = a[row * 4 + 3];
            for (int col = 0; col < 3; col++) {
                affine[row * 4 + col] = a[row * 4 + col] * scale[col];
                translation += a[row * 4 + col] * (centre[col] - half * scale[col]);
            }
            affine[row * 4 + 3] = translation;
        }
        affine[15] = 1;
    }

    /**
     * Trilinear samples of the anatomy, brain and white-matter arrays at template index {@code (x, y, z)}, written
     * to {@code out[0..2]}; zero outside the template.
     */
    void sample(double x, double y, double z, float[] out) {
        out[0] = 0;
        out[1] = 0;
        out[2] = 0;
        int i0 = (int) Math.floor(x);
        int j0 = (int) Math.floor(y);
        int k0 = (int) Math.floor(z);
        if (i0 < -1 || j0 < -1 || k0 < -1 || i0 >= shape[0] || j0 >= shape[1] || k0 >= shape[2]) {
            return;
        }
        double fx = x - i0;
        double fy = y - j0;
        double fz = z - k0;
        for (int dk = 0; dk <= 1; dk++) {
            int k = k0 + dk;
            double wz = dk == 0 ? 1 - fz : fz;
            for (int dj = 0; dj <= 1; dj++) {
                int j = j0 + dj;
                double wyz = wz * (dj == 0 ? 1 - fy : fy);
                for (int di = 0; di <= 1; di++) {
                    int i = i0 + di;
                    if (i < 0 || j < 0 || k < 0 || i >= shape[0] || j >= shape[1] || k >= shape[2]) {
                        continue;
                    }
                    int idx = i + shape[0] * (j + shape[1] * k);
                    float w = (float) (wyz * (di == 0 ? 1 - fx : fx));
                    out[0] += w * anatomy[idx];
                    out[1] += w * brain[idx];
                    out[2] += w * whiteMatter[idx];
                }
            }
        }
    }
}
