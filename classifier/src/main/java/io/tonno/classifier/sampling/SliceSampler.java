package io.tonno.classifier.sampling;

import io.tonno.imaging.Volume;
import io.tonno.tomography.Basis;
import io.tonno.tomography.Parallel;
import io.tonno.tomography.SlicePlane;
import io.tonno.tomography.Slicer;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws training batches ({@code method.md} §9): {@code B} volumes with replacement, {@code M} slices of
 * each. Per slice: normal uniform on the sphere ({@code z} uniform in [-1, 1], azimuth uniform), offset
 * {@code s} uniform over the range where the plane meets the volume's {@link NonZeroExtent}, centre
 * {@code s·n}, in-plane vectors from the tomography {@link Basis} then rotated, scaled and sheared, and
 * intensity-augmented, all per {@link Augmentation}. Every slice carries its volume's label.
 *
 * <p>All randomness comes from one {@link Xoshiro256} drawn in a fixed order on the calling thread, so a
 * seed fixes the batches whatever the thread count, and {@link #state()}/{@link #restore} let a
 * checkpoint resume the exact sequence. Slicing runs on {@code threads} threads. Not thread-safe.
 */
public final class SliceSampler {
    /**
     * One batch.
     *
     * @param pixels  {@code (count, size, size)} row-major float32
     * @param count   {@code B·M}
     * @param size    slice height and width
     * @param labels  {@code count} labels in {0, 1}
     * @param volumes {@code count} indices into the sampler's volume list
     */
    public record Batch(float[] pixels, int count, int size, float[] labels, int[] volumes) {}

    /**
     * How volumes and planes are drawn.
     *
     * @param balanced   alternate positive and negative volumes within a batch (the class of the first drawn at
     *                   random, each volume uniform within its class) instead of drawing uniformly over all volumes;
     *                   needs both classes
     * @param foreground plane offsets over the range meeting the non-zero voxels ({@link ForegroundSupport}) instead
     *                   of their bounding box ({@link NonZeroExtent})
     * @param portable   the intensity augmentation's {@link PortableIntensity} form (one noise key drawn per batch
     *                   instead of two numbers per pixel), which an engine device computes alike ({@link #nextPlan})
     */
    public record Options(boolean balanced, boolean foreground, boolean portable) {
        /** The paper's sampling: uniform volumes, box offsets. */
        public static final Options PAPER = new Options(false, false, false);

        /** With the sequential intensity augmentation. */
        public Options(boolean balanced, boolean foreground) {
            this(balanced, foreground, false);
        }
    }

    /**
     * One batch without its pixels, for cutting and augmenting on a device: what {@link #next()} would have drawn
     * with the {@link PortableIntensity} form.
     *
     * @param count     {@code B·M}
     * @param size      slice height and width
     * @param labels    {@code count} labels
     * @param volumes   {@code count} indices into the sampler's volume list (runs of {@code M} equal ones)
     * @param planes    {@code count} planes in cube coordinates
     * @param intensity the batch's intensity parameters
     */
    public record Plan(
            int count,
            int size,
            float[] labels,
            int[] volumes,
            SlicePlane[] planes,
            PortableIntensity.Params intensity) {}

    /** The draws of a batch before any pixel. */
    private record Draw(int[] vols, float[] labels, SlicePlane[] planes, double[][] intensity) {}

    private final List<Slicer> slicers = new ArrayList<>();
    private final List<PlaneRange> extents = new ArrayList<>();
    private final double[] maxAbs;
    private final boolean portable;
    private final int[][] byClass;
    private final boolean balanced;
    private final float[] labels;
    private final int size;
    private final int volumesPerBatch;
    private final int slicesPerVolume;
    private final Augmentation aug;
    private final int threads;
    private final Xoshiro256 rng;

    /**
     * @param volumes         training volumes
     * @param labels          one label (0 or 1) per volume
     * @param size            slice height and width in pixels
     * @param volumesPerBatch {@code B}
     * @param slicesPerVolume {@code M_train}
     * @param threads         slicing threads (0 = all cores)
     * @param options         class balance and plane offsets; {@link Options#PAPER} for the paper's sampling
     */
    public SliceSampler(
            List<Volume> volumes,
            float[] labels,
            int size,
            int volumesPerBatch,
            int slicesPerVolume,
            Augmentation aug,
            long seed,
            int threads,
            Options options) {
        if (volumes.isEmpty() || volumes.size() != labels.length) {
            throw new IllegalArgumentException("need one label per volume and at least one volume");
        }
        if (size < 2 || volumesPerBatch < 1 || slicesPerVolume < 1) {
            throw new IllegalArgumentException("size must be >= 2, volumesPerBatch and slicesPerVolume >= 1");
        }
        portable = options.portable();
        maxAbs = new double[volumes.size()];
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            slicers.add(new Slicer(v));
            extents.add(options.foreground() ? ForegroundSupport.of(v) : NonZeroExtent.of(v));
            maxAbs[i] = portable ? PortableIntensity.maxAbs(v.data()) : 0;
        }
        int positives = 0;
        for (float l : labels) {
            positives += l > 0.5f ? 1 : 0;
        }
        byClass = new int[][] {new int[labels.length - positives], new int[positives]};
        int[] fill = new int[2];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i] > 0.5f ? 1 : 0;
            byClass[c][fill[c]++] = i;
        }
        balanced = options.balanced();
        if (balanced && (byClass[0].length == 0 || byClass[1].length == 0)) {
            throw new IllegalArgumentException("balanced batches need positive and negative volumes; got "
                    + byClass[1].length + " positive and " + byClass[0].length + " negative");
        }
        this.labels = labels.clone();
        this.size = size;
        this.volumesPerBatch = volumesPerBatch;
        this.slicesPerVolume = slicesPerVolume;
        this.aug = aug;
        this.threads = threads;
        this.rng = new Xoshiro256(seed);
    }

    /** The RNG state (4 longs) that, restored, makes {@link #next()} continue identically. */
    public long[] state() {
        return rng.state();
    }

    public void restore(long[] state) {
        rng.restore(state);
    }

    /** Draws the next batch. */
    public Batch next() {
        return next(null);
    }

    /**
     * Draws the next batch; with a {@code pretext}, its blobs are put into the slices before the intensity
     * augmentation and the batch carries the pretext's labels instead of the volumes' (one more number is drawn
     * from the RNG per batch, to seed the blobs).
     */
    public Batch next(SyntheticLesions pretext) {
        return next(pretext, false);
    }

    /**
     * Draws the next batch with lesion synthesis: the slices of negative volumes get the {@code synthesis} task's
     * blobs (each with its {@code probability}), put in before the intensity augmentation, and label 1 where one was
     * put in; the slices of positive volumes keep their label. One more number is drawn per batch, as for a
     * pretext.
     */
    public Batch nextWithSynthesis(SyntheticLesions synthesis) {
        return next(synthesis, true);
    }

    private Batch next(SyntheticLesions blobs, boolean negativesOnly) {
        Draw d = draw();
        int count = d.vols().length;
        int area = size * size;
        float[] pixels = new float[count * area];
        Parallel.forEach(
                count, threads, k -> slicers.get(d.vols()[k]).slice(d.planes()[k], size, size, pixels, k * area));
        float[] lab = d.labels();
        if (blobs != null && negativesOnly) {
            boolean[] negative = new boolean[count];
            for (int k = 0; k < count; k++) {
                negative[k] = lab[k] == 0f;
            }
            float[] synthetic = blobs.apply(pixels, count, size, rng.nextLong(), negative);
            lab = lab.clone();
            for (int k = 0; k < count; k++) {
                lab[k] = Math.max(lab[k], synthetic[k]);
            }
        } else if (blobs != null) {
            lab = blobs.apply(pixels, count, size, rng.nextLong());
        }
        if (portable) {
            PortableIntensity.apply(pixels, area, portableParams(d), threads);
            return new Batch(pixels, count, size, lab, d.vols());
        }
        for (int k = 0; k < count; k++) {
            double gamma = d.intensity()[k][0];
            double contrast = d.intensity()[k][1];
            double brightness = d.intensity()[k][2];
            double sigma = d.intensity()[k][3];
            for (int p = k * area, end = p + area; p < end; p++) {
                double x = pixels[p];
                if (gamma != 1) {
                    x = Math.copySign(Math.pow(Math.abs(x), gamma), x);
                }
                x = contrast * x + brightness;
                if (sigma > 0) {
                    x += sigma * rng.nextGaussian();
                }
                pixels[p] = (float) x;
            }
        }
        return new Batch(pixels, count, size, lab, d.vols());
    }

    /**
     * Draws the next batch as a {@link Plan}: the same random numbers, in the same order, as {@link #next()}, so a
     * device that cuts the planes and applies {@link PortableIntensity} obtains the pixels of {@link #next()} bit
     * for bit, and the sampler's state afterwards is the same.
     *
     * @throws IllegalStateException unless the sampler was made with {@link Options#portable()}
     */
    public Plan nextPlan() {
        if (!portable) {
            throw new IllegalStateException("a batch plan needs the portable intensity augmentation");
        }
        Draw d = draw();
        return new Plan(d.vols().length, size, d.labels(), d.vols(), d.planes(), portableParams(d));
    }

    private PortableIntensity.Params portableParams(Draw d) {
        double[] m = new double[d.vols().length];
        for (int k = 0; k < m.length; k++) {
            m[k] = maxAbs[d.vols()[k]];
        }
        return PortableIntensity.params(d.intensity(), m, rng.nextLong());
    }

    private Draw draw() {
        int count = volumesPerBatch * slicesPerVolume;
        int[] vols = new int[count];
        float[] lab = new float[count];
        SlicePlane[] planes = new SlicePlane[count];
        double[][] intensity = new double[count][];
        int firstClass = balanced ? rng.nextInt(2) : 0;
        for (int b = 0; b < volumesPerBatch; b++) {
            int vol;
            if (balanced) {
                int[] pool = byClass[(firstClass + b) & 1];
                vol = pool[rng.nextInt(pool.length)];
            } else {
                vol = rng.nextInt(slicers.size());
            }
            for (int m = 0; m < slicesPerVolume; m++) {
                int k = b * slicesPerVolume + m;
                vols[k] = vol;
                lab[k] = labels[vol];
                planes[k] = randomPlane(extents.get(vol));
                intensity[k] = new double[] {
                    rng.logUniform(aug.gammaMin(), aug.gammaMax()),
                    rng.logUniform(aug.contrastMin(), aug.contrastMax()),
                    rng.uniform(-aug.brightnessMax(), aug.brightnessMax()),
                    rng.uniform(0, aug.noiseMax()),
                };
            }
        }
        return new Draw(vols, lab, planes, intensity);
    }

    /** A random plane of the training distribution through {@code extent}; package-private for tests. */
    SlicePlane randomPlane(PlaneRange extent) {
        double z = rng.uniform(-1, 1);
        double phi = rng.uniform(0, 2 * Math.PI);
        double r = Math.sqrt(Math.max(0, 1 - z * z));
        double[] n = {r * Math.cos(phi), r * Math.sin(phi), z};
        double[] range = extent.offsetRange(n);
        double s = rng.uniform(range[0], range[1]);
        double theta = Math.toRadians(rng.uniform(-aug.rotationDegrees(), aug.rotationDegrees()));
        double su = rng.logUniform(aug.scaleMin(), aug.scaleMax());
        double sv = rng.logUniform(aug.scaleMin(), aug.scaleMax());
        double shear = rng.uniform(-aug.shearMax(), aug.shearMax());
        double[][] uv = Basis.of(n);
        double c = Math.cos(theta);
        double sn = Math.sin(theta);
        double[] u = new double[3];
        double[] v = new double[3];
        for (int a = 0; a < 3; a++) {
            double u1 = c * uv[0][a] + sn * uv[1][a];
            double v1 = -sn * uv[0][a] + c * uv[1][a];
            u[a] = su * u1;
            v[a] = sv * (v1 + shear * u1);
        }
        // Drawn only when enabled, so that runs without mirroring keep their random stream.
        if (aug.mirror() && rng.uniform(0, 1) < 0.5) {
            for (int a = 0; a < 3; a++) {
                v[a] = -v[a];
            }
        }
        return new SlicePlane(new double[] {s * n[0], s * n[1], s * n[2]}, u, v);
    }
}
