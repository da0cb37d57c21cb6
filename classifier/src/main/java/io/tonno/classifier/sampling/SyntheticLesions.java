package io.tonno.classifier.sampling;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tonno.imaging.InvalidInputException;
import java.util.Arrays;

/**
 * The self-supervised pretext task of {@code tonno pretrain}: find a synthetic local intensity anomaly.
 * Each training slice, with probability {@code probability}, gets one soft-edged elliptical blob and label 1;
 * the others are left as they are and get label 0. Volume labels are never read, so any unlabelled volumes
 * can be used. The network learns what local anomalies inside tissue look like against real anatomy, which
 * is what a small lesion is; it is not told what the lesions of the dataset look like: the blob's sign (darker
 * or brighter), size and contrast are drawn from broad ranges. This is the synthetic-anomaly family of
 * pretext tasks (e.g. Tan et al., "Detecting outliers with foreign patch interpolation", MELBA 2022;
 * Schlüter et al., "Natural synthetic anomalies for self-supervised anomaly detection", ECCV 2022).
 *
 * <p>A blob: centre at a random non-zero pixel of the slice whose value is at least the {@code centreQuantile}
 * quantile of the slice's non-zero pixels (up to 64 draws; a slice where none is found is left unchanged and
 * labelled 0), semi-axes {@code a, b} uniform in {@code [radiusMin, radiusMax]} pixels,
 * random in-plane angle, weight {@code w = clamp((1 − ρ)·R/edge + 0.5, 0, 1)} with {@code ρ} the elliptical
 * radius ({@code ρ = 1} on the ellipse), {@code R = sqrt(a·b)} and a ramp of {@code edge = 1.5} pixels; pixels
 * become {@code x·(1 − c·w)} (darker, with probability {@code darkFraction}) or {@code x·(1 + c·w)}, with
 * {@code c} uniform in {@code [contrastMin, contrastMax]}. Only non-zero pixels change, so the blob stays in
 * the body. Blobs go into the slices as sampled, before intensity augmentation. Randomness comes from a
 * {@link Xoshiro256} seeded by a number the sampler draws per batch, so a resumed run draws the same blobs.
 *
 * <p><b>Placement.</b> With {@code centreQuantile} 0 a blob may sit in any tissue. A dark blob in dark tissue
 * (grey matter, fluid) is barely visible yet labelled 1; on a T1 brain, {@code centreQuantile} 0.6 puts the
 * centres in the brightest 40 % of the tissue, the white matter, where hypointense lesions occur.
 *
 * <p><b>Curriculum.</b> With {@code curriculumSteps} {@code N > 0}, the contrast of step {@code t < N} is drawn
 * from {@code [contrastMax − (contrastMax − contrastMin)·t/N, contrastMax]} ({@link #atStep}): the first blobs
 * are the most visible, and the full range is reached at step {@code N}. The blobs of a step depend on the step
 * only, so a resumed run still draws the same blobs.
 *
 * @param probability  share of slices that get a blob; default 0.5; (0, 1)
 * @param radiusMin    smallest semi-axis in pixels; default 2; (0, radiusMax]
 * @param radiusMax    largest semi-axis in pixels; default 6; <= 64
 * @param contrastMin  smallest relative intensity change; default 0.2; (0, contrastMax]
 * @param contrastMax  largest; default 0.6; < 1
 * @param darkFraction share of darker blobs; default 0.5; [0, 1]
 * @param centreQuantile  quantile of the slice's non-zero pixel values a centre must reach; default 0 (any
 *                        non-zero pixel); [0, 1)
 * @param curriculumSteps steps over which the contrast range widens from {@code contrastMax} to the full range;
 *                        default 0 (none); >= 0
 */
public record SyntheticLesions(
        double probability,
        double radiusMin,
        double radiusMax,
        double contrastMin,
        double contrastMax,
        double darkFraction,
        double centreQuantile,
        int curriculumSteps) {
    /** The documented defaults. */
    public static final SyntheticLesions DEFAULT = new SyntheticLesions(0.5, 2, 6, 0.2, 0.6, 0.5, 0, 0);

    private static final double EDGE = 1.5;

    /** For JSON specs: absent fields take the {@link #DEFAULT} values. */
    @JsonCreator
    public static SyntheticLesions fromJson(
            @JsonProperty("probability") Double probability,
            @JsonProperty("radiusMin") Double radiusMin,
            @JsonProperty("radiusMax") Double radiusMax,
            @JsonProperty("contrastMin") Double contrastMin,
            @JsonProperty("contrastMax") Double contrastMax,
            @JsonProperty("darkFraction") Double darkFraction,
            @JsonProperty("centreQuantile") Double centreQuantile,
            @JsonProperty("curriculumSteps") Integer curriculumSteps) {
        SyntheticLesions d = DEFAULT;
        return new SyntheticLesions(
                Augmentation.or(probability, d.probability),
                Augmentation.or(radiusMin, d.radiusMin),
                Augmentation.or(radiusMax, d.radiusMax),
                Augmentation.or(contrastMin, d.contrastMin),
                Augmentation.or(contrastMax, d.contrastMax),
                Augmentation.or(darkFraction, d.darkFraction),
                Augmentation.or(centreQuantile, d.centreQuantile),
                curriculumSteps == null ? d.curriculumSteps : curriculumSteps);
    }

    /** Checks every range; {@code source} names the spec in the error. */
    public void validate(String source, String prefix) throws InvalidInputException {
        Augmentation.check(
                source, prefix + "probability", probability > 0 && probability < 1, probability, "in (0, 1)");
        Augmentation.checkLowerEnd(source, prefix, "radiusMin", radiusMin, "radiusMax", radiusMax);
        Augmentation.check(source, prefix + "radiusMax", radiusMax <= 64, radiusMax, "<= 64");
        Augmentation.checkLowerEnd(source, prefix, "contrastMin", contrastMin, "contrastMax", contrastMax);
        Augmentation.check(source, prefix + "contrastMax", contrastMax < 1, contrastMax, "< 1");
        Augmentation.check(
                source, prefix + "darkFraction", darkFraction >= 0 && darkFraction <= 1, darkFraction, "in [0, 1]");
        Augmentation.check(
                source,
                prefix + "centreQuantile",
                centreQuantile >= 0 && centreQuantile < 1,
                centreQuantile,
                "in [0, 1)");
        Augmentation.check(source, prefix + "curriculumSteps", curriculumSteps >= 0, curriculumSteps, ">= 0");
    }

    /**
     * The task as drawn at training step {@code step} (0-based): during the curriculum ({@code step <
     * curriculumSteps}) the contrast range {@code [contrastMax − (contrastMax − contrastMin)·step/curriculumSteps,
     * contrastMax]} and no further curriculum; afterwards, or without a curriculum, this task itself.
     */
    public SyntheticLesions atStep(long step) {
        if (curriculumSteps == 0 || step >= curriculumSteps) {
            return this;
        }
        double lo = contrastMax - (contrastMax - contrastMin) * step / curriculumSteps;
        return new SyntheticLesions(
                probability, radiusMin, radiusMax, lo, contrastMax, darkFraction, centreQuantile, 0);
    }

    /**
     * Puts blobs into slices, in place, and returns their pretext labels. {@link SliceSampler#next(SyntheticLesions)}
     * calls it on the sampled slices before their intensity augmentation, so that "non-zero" means inside the body
     * (after a brightness shift or noise every pixel is non-zero, and a blob in the background would be invisible
     * yet labelled 1).
     *
     * @param px    {@code (count, size, size)} slices, row-major; changed in place
     * @param count number of slices
     * @param size  slice height and width
     * @param seed  seeds this batch's blobs
     * @return {@code count} labels in {0, 1}
     */
    public float[] apply(float[] px, int count, int size, long seed) {
        return apply(px, count, size, seed, null);
    }

    /**
     * As {@link #apply(float[], int, int, long)}, but only slices {@code k} with {@code eligible[k]} may get a blob
     * (all when {@code eligible} is null); the others are left unchanged, labelled 0, and draw no random number.
     */
    public float[] apply(float[] px, int count, int size, long seed, boolean[] eligible) {
        Xoshiro256 rng = new Xoshiro256(seed);
        int area = size * size;
        float[] labels = new float[count];
        for (int k = 0; k < count; k++) {
            if (eligible != null && !eligible[k]) {
                continue;
            }
            if (rng.nextDouble() >= probability) {
                continue;
            }
            int off = k * area;
            float floor = centreFloor(px, off, area);
            int centre = -1;
            for (int tries = 0; tries < 64 && centre < 0; tries++) {
                int p = (int) (rng.nextDouble() * area);
                if (px[off + p] != 0f && px[off + p] >= floor) {
                    centre = p;
                }
            }
            double a = rng.uniform(radiusMin, radiusMax);
            double b = rng.uniform(radiusMin, radiusMax);
            double angle = rng.uniform(0, Math.PI);
            double c = rng.uniform(contrastMin, contrastMax);
            double sign = rng.nextDouble() < darkFraction ? -1 : 1;
            if (centre < 0) {
                continue;
            }
            labels[k] = 1;
            double cy = centre / size;
            double cx = centre % size;
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double r = Math.sqrt(a * b);
            int reach = (int) Math.ceil(Math.max(a, b) + EDGE);
            for (int y = Math.max(0, (int) cy - reach); y <= Math.min(size - 1, (int) cy + reach); y++) {
                for (int x = Math.max(0, (int) cx - reach); x <= Math.min(size - 1, (int) cx + reach); x++) {
                    double dx = x - cx;
                    double dy = y - cy;
                    double u = (cos * dx + sin * dy) / a;
                    double v = (-sin * dx + cos * dy) / b;
                    double rho = Math.sqrt(u * u + v * v);
                    double w = Math.min(1, Math.max(0, (1 - rho) * r / EDGE + 0.5));
                    int p = off + y * size + x;
                    if (w > 0 && px[p] != 0f) {
                        px[p] = (float) (px[p] * (1 + sign * c * w));
                    }
                }
            }
        }
        return labels;
    }

    /**
     * The smallest value a centre may have in the slice at {@code off}: the {@code centreQuantile} quantile
     * (nearest rank) of its non-zero pixels, or the lowest float when the quantile is 0 or no pixel is non-zero.
     */
    private float centreFloor(float[] px, int off, int area) {
        if (centreQuantile == 0) {
            return -Float.MAX_VALUE;
        }
        float[] values = new float[area];
        int n = 0;
        for (int p = off; p < off + area; p++) {
            if (px[p] != 0f) {
                values[n++] = px[p];
            }
        }
        if (n == 0) {
            return -Float.MAX_VALUE;
        }
        Arrays.sort(values, 0, n);
        return values[Math.min(n - 1, (int) Math.floor(centreQuantile * n))];
    }
}
