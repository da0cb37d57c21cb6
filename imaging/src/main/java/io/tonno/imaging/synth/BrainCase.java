package io.tonno.imaging.synth;

import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import io.tonno.imaging.label.VoxelBounds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one MR brain case from a {@link TemplateGrid}: a cube of {@code n³} voxels of {@code h} mm (the grid's
 * spacing and affine), float intensities with white matter near {@link #WM_LEVEL}, 0 outside the brain
 * (skull-stripped). In drawing order:
 *
 * <ol>
 *   <li><b>Pose:</b> rotation about the cube centre by up to ±{@link #ROTATION_DEG}° about each axis and an
 *       isotropic scale of 1 ± {@link #SCALE}.</li>
 *   <li><b>Deformation:</b> a smooth displacement field (per component four random plane waves of wavelength
 *       0.4n..n voxels), scaled so its largest displacement is {@link #DEFORMATION_MM_MIN}..
 *       {@link #DEFORMATION_MM_MAX} mm. Output voxel {@code p} shows the template at
 *       {@code c + scale · R · h · (p − (n−1)/2 + d(p))} (mm, then template voxels); brain and white matter are
 *       the warped template masks at ≥ 0.5.</li>
 *   <li><b>Lesions</b> (positive cases): 1–3 {@link BrainLesion}s of base radius
 *       {@link #RADIUS_MIN}..{@link #RADIUS_MAX} voxels × n/64 and contrast
 *       {@link LesionContrast#STANDARD} 0.2..0.4 or a chosen {@link LesionContrast} (T1-hypointense "black holes": the tissue is multiplied by
 *       {@code 1 − contrast · weight}). A lesion is accepted when its centre voxel is white matter, every voxel
 *       of non-zero weight lies in the brain and clear of the other lesions (by {@link #GAP} voxels), and at
 *       least {@link #MIN_WM_FRACTION} of its mask is white matter; otherwise it is drawn again.</li>
 *   <li><b>Bias field:</b> multiplicative {@code 1 + β f}, {@code f} three plane waves of wavelength 1.5n..3n
 *       scaled to {@code max |f| = 1} over the brain, {@code β} {@link #BIAS_MIN}..{@link #BIAS_MAX}.</li>
 *   <li><b>Scale and offset:</b> gain 1 ± {@link #GAIN}, offset ±{@link #OFFSET} × {@link #WM_LEVEL}.</li>
 *   <li><b>Noise:</b> Rician, {@code |s + σ(n1 + i n2)|}, σ {@link #NOISE_MIN}..{@link #NOISE_MAX} of the
 *       white-matter level, inside the brain.</li>
 * </ol>
 */
final class BrainCase {
    static final double ROTATION_DEG = 4;
    static final double SCALE = 0.04;
    static final double DEFORMATION_MM_MIN = 2;
    static final double DEFORMATION_MM_MAX = 4;
    static final int LESIONS_MAX = 3;
    static final double RADIUS_MIN = 2;
    static final double RADIUS_MAX = 5;
    static final double MIN_WM_FRACTION = 0.5;
    static final double GAP = 1;
    static final int ATTEMPTS = 2000;
    static final double BIAS_MIN = 0.1;
    static final double BIAS_MAX = 0.2;
    static final double WM_LEVEL = 0.6;
    static final double GAIN = 0.1;
    static final double OFFSET = 0.03;
    static final double NOISE_MIN = 0.02;
    static final double NOISE_MAX = 0.05;

    /** The case, its lesions, and its (warped) brain and white-matter masks (0/1) on the case's grid. */
    record Result(GeneratedCase generated, List<BrainLesion> lesions, Volume brain, Volume whiteMatter) {}

    private BrainCase() {}

    static Result generate(TemplateGrid g, boolean positive, SplittableRandom r) {
        return generate(g, positive, r, LesionContrast.STANDARD);
    }

    /** As {@link #generate(TemplateGrid, boolean, SplittableRandom)} with lesion contrasts drawn from {@code c}. */
    static Result generate(TemplateGrid g, boolean positive, SplittableRandom r, LesionContrast c) {
        int n = g.n;
        double[] spacing = {g.spacing, g.spacing, g.spacing};
        int[] shape = {n, n, n};
        float[] anatomy = new float[n * n * n];
        float[] brain = new float[n * n * n];
        float[] wm = new float[n * n * n];
        warp(g, r, anatomy, brain, wm);

        float[] mask = new float[n * n * n];
        List<BrainLesion> lesions = new ArrayList<>();
        List<Box> boxes = new ArrayList<>();
        if (positive) {
            int count = 1 + r.nextInt(LESIONS_MAX);
            boolean[] taken = new boolean[n * n * n];
            int[] wmVoxels = indicesOf(wm);
            for (int l = 0; l < count; l++) {
                BrainLesion lesion = place(n, r, brain, wm, taken, wmVoxels, c);
                boxes.add(paint(n, lesion, anatomy, mask, taken));
                lesions.add(lesion);
            }
        }
        float[] image = acquire(n, r, anatomy, brain);
        return new Result(
                new GeneratedCase(
                        new Volume(shape, spacing, g.affine, image), new Volume(shape, spacing, g.affine, mask), boxes),
                lesions,
                new Volume(shape, spacing, g.affine, brain),
                new Volume(shape, spacing, g.affine, wm));
    }

    /** Pose and deformation: fills the warped anatomy and the brain and white-matter masks (0/1). */
    private static void warp(TemplateGrid g, SplittableRandom r, float[] anatomy, float[] brain, float[] wm) {
        int n = g.n;
        double scale = 1 + SCALE * (2 * r.nextDouble() - 1);
        double[] rot = rotation(r, Math.toRadians(ROTATION_DEG));
        double maxShift = uniform(r, DEFORMATION_MM_MIN, DEFORMATION_MM_MAX) / g.spacing;
        float[][] d = new float[3][n * n * n];
        for (float[] component : d) {
            PlaneWaves.add(component, n, r, 4, 0.4 * n, n, 1);
        }
        double largest = 0;
        for (int idx = 0; idx < d[0].length; idx++) {
            double sq = d[0][idx] * d[0][idx] + d[1][idx] * d[1][idx] + d[2][idx] * d[2][idx];
            largest = Math.max(largest, Math.sqrt(sq));
        }
        double dscale = largest > 0 ? maxShift / largest : 0;
        double half = (n - 1) / 2.0;
        double mm = scale * g.spacing;
        float[] s = new float[3];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    int idx = i + n * (j + n * k);
                    double px = i - half + dscale * d[0][idx];
                    double py = j - half + dscale * d[1][idx];
                    double pz = k - half + dscale * d[2][idx];
                    double x = g.centre[0] + mm * (rot[0] * px + rot[1] * py + rot[2] * pz) / g.templateSpacing[0];
                    double y = g.centre[1] + mm * (rot[3] * px + rot[4] * py + rot[5] * pz) / g.templateSpacing[1];
                    double z = g.centre[2] + mm * (rot[6] * px + rot[7] * py + rot[8] * pz) / g.templateSpacing[2];
                    g.sample(x, y, z, s);
                    boolean inBrain = s[1] >= 0.5f;
                    anatomy[idx] = inBrain ? s[0] : 0;
                    brain[idx] = inBrain ? 1 : 0;
                    wm[idx] = inBrain && s[2] >= 0.5f ? 1 : 0;
                }
            }
        }
    }

    /** Draws lesions until one satisfies the placement rules (see the class comment). */
    private static BrainLesion place(
            int n,
            SplittableRandom r,
            float[] brain,
            float[] wm,
            boolean[] taken,
            int[] wmVoxels,
            LesionContrast contrastRange) {
        if (wmVoxels.length == 0) {
            throw new IllegalStateException("the warped template has no white matter at " + n + "^3");
        }
        double unit = n / 64.0;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int v = wmVoxels[r.nextInt(wmVoxels.length)];
            double[] centre = {
                v % n + r.nextDouble() - 0.5, (v / n) % n + r.nextDouble() - 0.5, v / (n * n) + r.nextDouble() - 0.5
            };
            double radius = uniform(r, RADIUS_MIN, RADIUS_MAX) * unit;
            double contrast = uniform(r, contrastRange.min(), contrastRange.max());
            BrainLesion lesion = BrainLesion.random(r, centre, radius, contrast);
            if (fits(n, lesion, brain, wm, taken)) {
                return lesion;
            }
        }
        throw new IllegalStateException(
                "could not place a lesion in the white matter at " + n + "^3 after " + ATTEMPTS + " attempts");
    }

    /** The placement rules: centre voxel in white matter, footprint in the brain and free, mask mostly WM. */
    private static boolean fits(int n, BrainLesion lesion, float[] brain, float[] wm, boolean[] taken) {
        double[] c = lesion.centre();
        int ci = (int) Math.round(c[0]);
        int cj = (int) Math.round(c[1]);
        int ck = (int) Math.round(c[2]);
        if (!inCube(n, ci, cj, ck) || wm[ci + n * (cj + n * ck)] == 0) {
            return false;
        }
        int reach = lesion.reach();
        long maskVoxels = 0;
        long maskWm = 0;
        for (int k = ck - reach; k <= ck + reach; k++) {
            for (int j = cj - reach; j <= cj + reach; j++) {
                for (int i = ci - reach; i <= ci + reach; i++) {
                    double dist = lesion.distance(i, j, k);
                    if (BrainLesion.weight(dist) <= 0) {
                        continue;
                    }
                    if (!inCube(n, i, j, k)) {
                        return false;
                    }
                    int idx = i + n * (j + n * k);
                    if (brain[idx] == 0 || taken[idx]) {
                        return false;
                    }
                    if (dist >= 0) {
                        maskVoxels++;
                        maskWm += wm[idx] > 0 ? 1 : 0;
                    }
                }
            }
        }
        return maskVoxels > 0 && maskWm >= MIN_WM_FRACTION * maskVoxels;
    }

    /**
     * Darkens the anatomy by the lesion, marks its mask (weight ≥ 0.5) and its footprint grown by {@link #GAP}
     * voxels as taken, and returns the mask's bounding box.
     */
    private static Box paint(int n, BrainLesion lesion, float[] anatomy, float[] mask, boolean[] taken) {
        double[] c = lesion.centre();
        int reach = lesion.reach() + (int) Math.ceil(GAP);
        int[] lo = new int[3];
        int[] hi = new int[3];
        for (int a = 0; a < 3; a++) {
            lo[a] = Math.max(0, (int) Math.round(c[a]) - reach);
            hi[a] = Math.min(n - 1, (int) Math.round(c[a]) + reach);
        }
        VoxelBounds bounds = new VoxelBounds();
        for (int k = lo[2]; k <= hi[2]; k++) {
            for (int j = lo[1]; j <= hi[1]; j++) {
                for (int i = lo[0]; i <= hi[0]; i++) {
                    double dist = lesion.distance(i, j, k);
                    int idx = i + n * (j + n * k);
                    if (dist > -BrainLesion.EDGE / 2 - GAP) {
                        taken[idx] = true;
                    }
                    anatomy[idx] *= (float) (1 - lesion.contrast() * BrainLesion.weight(dist));
                    if (dist >= 0) {
                        mask[idx] = 1;
                        bounds.add(i, j, k);
                    }
                }
            }
        }
        return bounds.box();
    }

    /** Bias field, gain, offset and Rician noise inside the brain; 0 outside. */
    private static float[] acquire(int n, SplittableRandom r, float[] anatomy, float[] brain) {
        float[] bias = new float[n * n * n];
        PlaneWaves.add(bias, n, r, 3, 1.5 * n, 3.0 * n, 1);
        double largest = 0;
        for (int idx = 0; idx < bias.length; idx++) {
            if (brain[idx] > 0) {
                largest = Math.max(largest, Math.abs(bias[idx]));
            }
        }
        double beta = uniform(r, BIAS_MIN, BIAS_MAX) / Math.max(largest, 1e-12);
        double gain = WM_LEVEL * (1 + GAIN * (2 * r.nextDouble() - 1));
        double offset = WM_LEVEL * OFFSET * (2 * r.nextDouble() - 1);
        double sigma = WM_LEVEL * uniform(r, NOISE_MIN, NOISE_MAX);
        float[] image = new float[n * n * n];
        for (int idx = 0; idx < image.length; idx++) {
            if (brain[idx] == 0) {
                continue;
            }
            double s = gain * (1 + beta * bias[idx]) * anatomy[idx] + offset;
            double re = s + sigma * r.nextGaussian();
            double im = sigma * r.nextGaussian();
            image[idx] = (float) Math.sqrt(re * re + im * im);
        }
        return image;
    }

    /** Rotation {@code Rz · Ry · Rx} by angles uniform in ±{@code max} radians, row-major 3×3. */
    private static double[] rotation(SplittableRandom r, double max) {
        double ax = max * (2 * r.nextDouble() - 1);
        double ay = max * (2 * r.nextDouble() - 1);
        double az = max * (2 * r.nextDouble() - 1);
        double cx = Math.cos(ax);
        double sx = Math.sin(ax);
        double cy = Math.cos(ay);
        double sy = Math.sin(ay);
        double cz = Math.cos(az);
        double sz = Math.sin(az);
        return new double[] {
            cz * cy,
            cz * sy * sx - sz * cx,
            cz * sy * cx + sz * sx,
            sz * cy,
            sz * sy * sx + cz * cx,
            sz * sy * cx - cz * sx,
            -sy,
            cy * sx,
            cy * cx
        };
    }

    private static int[] indicesOf(float[] m) {
        int count = 0;
        for (float x : m) {
            count += x > 0 ? 1 : 0;
        }
        int[] out = new int[count];
        int c = 0;
        for (int idx = 0; idx < m.length; idx++) {
            if (m[idx] > 0) {
                out[c++] = idx;
            }
        }
        return out;
    }

    private static boolean inCube(int n, int i, int j, int k) {
        return i >= 0 && j >= 0 && k >= 0 && i < n && j < n && k < n;
    }

    private static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }
}
