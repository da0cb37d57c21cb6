package io.tonno.classifier.heatmap;

import io.tonno.classifier.cam.ActivationCam;
import io.tonno.classifier.cam.Cam2dBaseline;
import io.tonno.classifier.cam.CamMapScorer;
import io.tonno.classifier.inference.ModelSliceScorer;
import io.tonno.classifier.nn.ResNet;
import io.tonno.imaging.Volume;
import io.tonno.tomography.DirectionChunk;
import io.tonno.tomography.MapMethod;
import io.tonno.tomography.PartialVolume;
import io.tonno.tomography.Reconstruction;
import io.tonno.tomography.Sinogram;
import io.tonno.tomography.Timings;
import java.util.ArrayList;
import java.util.List;

/**
 * The heatmap of one volume by one method: the entry point the orchestration calls per (case, method).
 * Dispatches to
 * <ul>
 *   <li>ToNNO: {@link ModelSliceScorer} logits, {@link Reconstruction#tonno} ({@code method.md} §5–§6);
 *   <li>the 2D baselines: {@link Cam2dBaseline} over axial slices or all three axes ({@code method.md} §7);
 *   <li>Averaged / Tomographic CAM: {@link CamMapScorer} maps, {@link Reconstruction#maps} ({@code method.md} §8).
 * </ul>
 * The output always has the input's shape, spacing and affine; values are raw (no normalisation), so that
 * thresholds calibrated per method apply as they are. The network is used, never closed; it runs in eval mode.
 *
 * <p><b>Chunks.</b> For ToNNO, Averaged and Tomographic, {@link #computeChunk} computes one range of
 * directions and {@link #combine} sums the chunk results into the same volume that {@link #compute} gives (up
 * to double rounding, whatever the chunking). 2D baselines have no directions: compute them whole.
 *
 * <p>Not thread-safe for one network: run one call per network at a time.
 */
public final class HeatmapMethods {
    private HeatmapMethods() {
    }

    /** The heatmap of {@code volume}. */
    public static Volume compute(ResNet model, Volume volume, MethodSettings settings) {
        return compute(model, volume, settings, new Timings());
    }

    /**
     * The heatmap of {@code volume}; {@code timings} receives slicing, scoring and backprojection times of the
     * direction-set methods (the 2D baselines record nothing there: time the call).
     */
    public static Volume compute(ResNet model, Volume volume, MethodSettings settings, Timings timings) {
        if (settings.method().isBaseline2d()) {
            ActivationCam cam = settings.cam().create(model, settings.layer(), settings.batchSize());
            return new Cam2dBaseline(cam, settings.sliceSize(), settings.normalizeSlices()).compute(volume, settings.axes());
        }
        Reconstruction rec = new Reconstruction(settings.reconstruction());
        return combine(List.of(chunk(rec, model, volume, settings, rec.wholeChunk(), timings)), volume, settings, timings);
    }

    /**
     * The chunk result of the directions {@code chunk} of a direction-set method.
     *
     * @throws IllegalArgumentException for a 2D baseline, or a chunk beyond the direction set
     */
    public static ChunkResult computeChunk(ResNet model, Volume volume, MethodSettings settings, DirectionChunk chunk) {
        return computeChunk(model, volume, settings, chunk, new Timings());
    }

    /** {@link #computeChunk(ResNet, Volume, MethodSettings, DirectionChunk)} with timings. */
    public static ChunkResult computeChunk(ResNet model, Volume volume, MethodSettings settings, DirectionChunk chunk,
            Timings timings) {
        requireChunked(settings);
        return chunk(new Reconstruction(settings.reconstruction()), model, volume, settings, chunk, timings);
    }

    /** The chunks of {@code parts} near-equal direction ranges for a direction-set method. */
    public static List<DirectionChunk> chunks(MethodSettings settings, int parts) {
        requireChunked(settings);
        return DirectionChunk.split(settings.reconstruction().directionSet().size(), parts);
    }

    /**
     * Sums chunk results into the heatmap, on {@code input}'s grid and geometry. For ToNNO the chunks must
     * together cover every direction exactly once; for maps any subset gives the partial sum (the whole when
     * all directions are covered).
     *
     * @throws IllegalArgumentException for an empty list, mixed kinds, or ToNNO chunks that do not cover the set
     */
    public static Volume combine(List<ChunkResult> parts, Volume input, MethodSettings settings) {
        return combine(parts, input, settings, new Timings());
    }

    private static Volume combine(List<ChunkResult> parts, Volume input, MethodSettings settings, Timings timings) {
        requireChunked(settings);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no chunk results to combine");
        }
        if (settings.method() == HeatmapMethod.TONNO) {
            List<Sinogram> sinograms = new ArrayList<>();
            for (ChunkResult r : parts) {
                if (!(r instanceof ChunkResult.Scores s)) {
                    throw new IllegalArgumentException("tonno combines sinogram chunks, got " + r.getClass().getSimpleName());
                }
                sinograms.add(s.sinogram());
            }
            Sinogram all = Sinogram.merge(sinograms);
            Reconstruction rec = new Reconstruction(settings.reconstruction());
            return rec.backproject(all, input.shape(), timings).toVolume(input);
        }
        PartialVolume sum = PartialVolume.zeros(input.shape());
        for (ChunkResult r : parts) {
            if (!(r instanceof ChunkResult.Maps m)) {
                throw new IllegalArgumentException(settings.method().id() + " combines map chunks, got "
                        + r.getClass().getSimpleName());
            }
            sum.add(m.partial());
        }
        return sum.toVolume(input);
    }

    private static ChunkResult chunk(Reconstruction rec, ResNet model, Volume volume, MethodSettings settings,
            DirectionChunk chunk, Timings timings) {
        switch (settings.method()) {
            case TONNO: {
                ModelSliceScorer scorer = new ModelSliceScorer(model, settings.batchSize(), false);
                return new ChunkResult.Scores(rec.sinogram(volume, scorer, chunk, timings));
            }
            case AVERAGED:
            case TOMOGRAPHIC: {
                CamMapScorer scorer = CamMapScorer.of(model, settings.cam(), settings.layer(), settings.batchSize());
                MapMethod how = settings.method() == HeatmapMethod.AVERAGED ? MapMethod.AVERAGED : MapMethod.TOMOGRAPHIC;
                return new ChunkResult.Maps(rec.maps(volume, scorer, how, chunk, volume.shape(), timings));
            }
            default:
                throw new IllegalArgumentException(settings.method().id() + " has no direction chunks");
        }
    }

    private static void requireChunked(MethodSettings settings) {
        if (!settings.method().isChunked()) {
            throw new IllegalArgumentException(settings.method().id()
                    + " is a 2D baseline without directions: use compute(), not chunks");
        }
    }
}
