package io.tonno.classifier.heatmap;

import io.tonno.classifier.cam.Cam2dBaseline;
import io.tonno.classifier.cam.CamMapScorer;
import io.tonno.classifier.inference.ModelSliceScorer;
import io.tonno.classifier.inference.SliceModel;
import io.tonno.classifier.nn.ResNet;
import io.tonno.imaging.Volume;
import io.tonno.tomography.DirectionChunk;
import io.tonno.tomography.Inversion;
import io.tonno.tomography.PartialVolume;
import io.tonno.tomography.Reconstruction;
import io.tonno.tomography.ReconstructionSettings;
import io.tonno.tomography.Sinogram;
import io.tonno.tomography.SinogramBackprojector;
import io.tonno.tomography.Timings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The one entry point for heatmaps: the workflow's activities, the command line ({@code reconstruct}, {@code cam},
 * {@code compare}) and the benches all compute through it. Dispatches to
 * <ul>
 *   <li>ToNNO: slice scores ({@link ModelSliceScorer} logits), {@link Reconstruction#sinogram} and the filtered
 *       backprojection ({@code method.md} §5–§6);
 *   <li>the 2D baselines: {@link Cam2dBaseline} over axial slices or all three axes ({@code method.md} §7);
 *   <li>Averaged / Tomographic CAM: slice maps ({@link CamMapScorer}), {@link Reconstruction#maps}
 *       ({@code method.md} §8).
 * </ul>
 * Outputs are float32 volumes with the input's shape, spacing and affine (or {@code outShape} over the same cube,
 * {@link #reconstruct}); values are raw (no normalisation), so that thresholds calibrated per method apply as they
 * are. The network is used, never closed; it runs in eval mode.
 *
 * <p><b>Chunks.</b> {@link #computeChunk} computes one part of a heatmap and {@link #combine} joins the parts,
 * in chunk order, into what {@link #compute} gives: for ToNNO, Averaged and Tomographic a part is a range of
 * directions (equal up to double rounding whatever the chunking; ToNNO bit for bit); for a 2D baseline a part is
 * one axis of {@link io.tonno.classifier.cam.SliceAxes#axes()} (equal bit for bit).
 *
 * <p>Not thread-safe for one network: run one call per network at a time.
 */
public final class HeatmapMethods {
    private HeatmapMethods() {}

    /** The heatmap of {@code volume} by the project's ResNet {@code model}. */
    public static Volume compute(ResNet model, Volume volume, MethodSettings settings) {
        return compute(SliceModel.of(model), volume, settings);
    }

    /**
     * The heatmap of {@code volume} by {@code model}, of any format; the CAM methods need {@link SliceModel#resnet}.
     *
     * @throws IllegalArgumentException for a CAM method and a model that exposes no layer
     */
    public static Volume compute(SliceModel model, Volume volume, MethodSettings settings) {
        if (settings.method().isBaseline2d()) {
            return baseline(model, settings).compute(volume, settings.axes());
        }
        return reconstruct(
                settings.method(),
                settings.inversion(),
                scorer(model, settings),
                volume,
                settings.reconstruction(),
                volume.shape(),
                new Timings());
    }

    /**
     * One part of the heatmap of {@code volume}: directions {@code first .. first+count-1} of a direction-set
     * method, or the single axis {@code first} ({@code count = 1}) of a 2D baseline.
     *
     * @param scored told the number of slices after every batch (a 2D baseline: once, after its axis)
     * @throws IllegalArgumentException for a range beyond the direction set, or a 2D baseline part that is not one
     *                                  axis {@code 0..2}
     */
    public static HeatmapChunk computeChunk(
            ResNet model, Volume volume, MethodSettings settings, int first, int count, IntConsumer scored) {
        return computeChunk(SliceModel.of(model), volume, settings, first, count, scored);
    }

    /**
     * {@link #computeChunk(ResNet, Volume, MethodSettings, int, int, IntConsumer)} with a model of any format.
     *
     * @throws IllegalArgumentException for a CAM method and a model that exposes no layer
     */
    public static HeatmapChunk computeChunk(
            SliceModel model, Volume volume, MethodSettings settings, int first, int count, IntConsumer scored) {
        if (settings.method().isBaseline2d()) {
            if (count != 1) {
                throw new IllegalArgumentException("a 2D baseline chunk is one axis, got " + count + " axes");
            }
            HeatmapChunk.Stack stack =
                    HeatmapChunk.Stack.of(baseline(model, settings).stack(volume, first));
            scored.accept(volume.shape()[first]);
            return stack;
        }
        return chunk(
                settings.method(),
                new Reconstruction(settings.reconstruction()),
                volume,
                scorer(model, settings),
                new DirectionChunk(first, count),
                volume.shape(),
                new Timings(scored));
    }

    /** {@code parts} near-equal direction ranges of a direction-set method, in order. */
    public static List<DirectionChunk> chunks(MethodSettings settings, int parts) {
        if (!settings.method().isChunked()) {
            throw new IllegalArgumentException(settings.method().id() + " is a 2D baseline: its chunks are axes");
        }
        return DirectionChunk.split(settings.reconstruction().directionSet().size(), parts);
    }

    /**
     * Joins chunk results, in chunk order, into the heatmap on {@code input}'s grid and geometry: ToNNO backprojects
     * the merged sinogram (its chunks must cover every direction once); Averaged/Tomographic sum the partial volumes
     * (a subset of the directions gives their partial sum); a 2D baseline averages its axes' stacks.
     *
     * @param threads backprojection threads, {@code 0} = all cores
     * @throws IllegalArgumentException for an empty list, results of another method, or ToNNO chunks with gaps
     */
    public static Volume combine(HeatmapMethod method, List<HeatmapChunk> parts, Volume input, int threads) {
        return combine(method, Inversion.PAPER, parts, input, threads);
    }

    /** {@link #combine(HeatmapMethod, List, Volume, int)} with ToNNO's {@code inversion} (ignored by other methods). */
    public static Volume combine(
            HeatmapMethod method, Inversion inversion, List<HeatmapChunk> parts, Volume input, int threads) {
        return combine(method, inversion, parts, input, input.shape(), threads, new Timings());
    }

    /**
     * The heatmap of a direction-set method from any slice scorer, on a grid of {@code outShape} over the input's
     * cube ({@link io.tonno.tomography.HeatmapGeometry}).
     *
     * @param scorer  {@link DirectionScorer.Scalar} for ToNNO, {@link DirectionScorer.Maps} for Averaged/Tomographic
     * @param timings receives slicing, scoring and backprojection times, and the slices of every batch scored
     * @throws IllegalArgumentException for a 2D baseline or the wrong kind of scorer
     */
    public static Volume reconstruct(
            HeatmapMethod method,
            DirectionScorer scorer,
            Volume volume,
            ReconstructionSettings settings,
            int[] outShape,
            Timings timings) {
        return reconstruct(method, Inversion.PAPER, scorer, volume, settings, outShape, timings);
    }

    /**
     * {@link #reconstruct(HeatmapMethod, DirectionScorer, Volume, ReconstructionSettings, int[], Timings)} with
     * ToNNO's {@code inversion} (the paper's for the other methods).
     */
    public static Volume reconstruct(
            HeatmapMethod method,
            Inversion inversion,
            DirectionScorer scorer,
            Volume volume,
            ReconstructionSettings settings,
            int[] outShape,
            Timings timings) {
        Reconstruction rec = new Reconstruction(settings);
        HeatmapChunk all = chunk(method, rec, volume, scorer, rec.wholeChunk(), outShape, timings);
        return combine(method, inversion, List.of(all), volume, outShape, settings.threads(), timings);
    }

    private static HeatmapChunk chunk(
            HeatmapMethod method,
            Reconstruction rec,
            Volume volume,
            DirectionScorer scorer,
            DirectionChunk chunk,
            int[] outShape,
            Timings timings) {
        if (method == HeatmapMethod.TONNO && scorer instanceof DirectionScorer.Scalar s) {
            return new HeatmapChunk.Scores(rec.sinogram(volume, s.scorer(), chunk, timings));
        }
        if (method.mapMethod() != null && scorer instanceof DirectionScorer.Maps m) {
            return new HeatmapChunk.Maps(rec.maps(volume, m.scorer(), method.mapMethod(), chunk, outShape, timings));
        }
        if (!method.isChunked()) {
            throw new IllegalArgumentException(method.id() + " is a 2D baseline without directions");
        }
        throw new IllegalArgumentException(
                method.id() + " needs a " + (method == HeatmapMethod.TONNO ? "scalar" : "map") + " slice scorer");
    }

    private static Volume combine(
            HeatmapMethod method,
            Inversion inversion,
            List<HeatmapChunk> parts,
            Volume input,
            int[] outShape,
            int threads,
            Timings timings) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no chunk results to combine");
        }
        if (method == HeatmapMethod.TONNO) {
            List<Sinogram> sinograms = new ArrayList<>();
            for (HeatmapChunk.Scores s : all(method, parts, HeatmapChunk.Scores.class)) {
                sinograms.add(s.sinogram());
            }
            return SinogramBackprojector.backproject(
                            Sinogram.merge(sinograms),
                            inversion == null ? Inversion.PAPER : inversion,
                            outShape,
                            threads,
                            timings)
                    .toVolume(input);
        }
        if (method.isBaseline2d()) {
            List<Volume> stacks = new ArrayList<>();
            for (HeatmapChunk.Stack s : all(method, parts, HeatmapChunk.Stack.class)) {
                stacks.add(s.stack().toVolume(input));
            }
            return Cam2dBaseline.mean(stacks);
        }
        PartialVolume sum = PartialVolume.zeros(outShape);
        for (HeatmapChunk.Maps m : all(method, parts, HeatmapChunk.Maps.class)) {
            sum.add(m.partial());
        }
        return sum.toVolume(input);
    }

    private static <T extends HeatmapChunk> List<T> all(HeatmapMethod method, List<HeatmapChunk> parts, Class<T> kind) {
        List<T> out = new ArrayList<>();
        for (HeatmapChunk r : parts) {
            if (!kind.isInstance(r)) {
                throw new IllegalArgumentException(method.id() + " combines " + kind.getSimpleName() + " chunks, got "
                        + r.getClass().getSimpleName());
            }
            out.add(kind.cast(r));
        }
        return out;
    }

    private static Cam2dBaseline baseline(SliceModel model, MethodSettings s) {
        return new Cam2dBaseline(
                s.cam().create(layers(model, s), s.layer(), s.batchSize()), s.sliceSize(), s.normalizeSlices());
    }

    private static DirectionScorer scorer(SliceModel model, MethodSettings s) {
        return s.method() == HeatmapMethod.TONNO
                ? new DirectionScorer.Scalar(model.scorer(s.batchSize()))
                : new DirectionScorer.Maps(CamMapScorer.of(layers(model, s), s.cam(), s.layer(), s.batchSize()));
    }

    /** The network whose layers a CAM method reads. */
    private static ResNet layers(SliceModel model, MethodSettings s) {
        return model.resnet()
                .orElseThrow(() -> new IllegalArgumentException(s.method().id()
                        + " needs the activations of a layer, which only the project's ResNet (safetensors) exposes"
                        + " (layer1..layer4); " + model.description() + " exposes none: use tonno"));
    }
}
