package io.tonno.classifier.heatmap;

import io.tonno.classifier.cam.CamMethod;
import io.tonno.classifier.cam.SliceAxes;
import io.tonno.classifier.nn.Stage;
import io.tonno.tomography.DirectionLattice;
import io.tonno.tomography.Inversion;
import io.tonno.tomography.ReconstructionSettings;

/**
 * Everything {@link HeatmapMethods} needs besides the network and the volume. Result rows are named by the
 * workflow's {@code MethodSpec.key()} ({@code tonno}, {@code gradcam-layer4-axial}, {@code tomographic-layercam-layer3}).
 *
 * @param method          which heatmap
 * @param cam             the CAM method: of a 2D baseline (must equal {@code method.baselineCam()}) or the maps of
 *                        Averaged/Tomographic; {@code null} for ToNNO
 * @param layer           CAM layer {@link Stage#LAYER1}..{@link Stage#LAYER4}; {@code null} for ToNNO
 * @param axes            2D baselines: {@link SliceAxes#AXIAL} or {@link SliceAxes#ALL}; ignored otherwise
 * @param directions      {@code L} (ToNNO, Averaged, Tomographic); paper: 2000 for ToNNO, 1000 for CAM maps
 * @param slices          {@code M} slices per direction ({@code M+2} sampled); paper: 100
 * @param sliceSize       {@code S}: slices are {@code S×S} pixels, the network's input size
 * @param lattice         the directions ({@link DirectionLattice}); {@code null} means the paper's whole sphere; the
 *                        hemisphere lattices cut half the slices
 * @param threads         slicing and backprojection threads, {@code 0} = all cores (the network's intra-op threads
 *                        are the process-wide {@link io.tonno.classifier.nn.Engines#setThreads} setting)
 * @param batchSize       slices per forward pass, {@code >= 1} (ScoreCAM: masked inputs per forward pass)
 * @param normalizeSlices 2D baselines only: min-max normalise each slice's map (what CAM libraries do); default
 *                        false (raw maps)
 * @param inversion       ToNNO only: how each direction's scores are inverted ({@link Inversion#PAPER}, the
 *                        default, or a variant for saturating classifiers); {@code null} means the paper's
 * @param bodyOffsets     ToNNO only: cut and score only the planes that meet the volume's non-zero voxels, the others
 *                        taking the score of one zero slice ({@link ReconstructionSettings#bodyOffsets}): the same
 *                        heatmap for fewer network calls
 * @param adaptiveOffsets ToNNO only, {@code null} = off: score each direction's body slices on a coarse grid refined
 *                        where the logits curve by more than this tolerance, the others interpolated along the
 *                        offset ({@link ReconstructionSettings#adaptiveOffsets}); implies body offsets
 */
public record MethodSettings(
        HeatmapMethod method,
        CamMethod cam,
        Stage layer,
        SliceAxes axes,
        int directions,
        int slices,
        int sliceSize,
        DirectionLattice lattice,
        int threads,
        int batchSize,
        boolean normalizeSlices,
        Inversion inversion,
        boolean bodyOffsets,
        Double adaptiveOffsets) {
    /** Default slices per forward pass. */
    public static final int DEFAULT_BATCH = 32;

    public MethodSettings {
        if (method == null) {
            throw new IllegalArgumentException("method is required");
        }
        inversion = inversion == null ? Inversion.PAPER : inversion;
        lattice = lattice == null ? DirectionLattice.SPHERE : lattice;
        if (method != HeatmapMethod.TONNO && !inversion.equals(Inversion.PAPER)) {
            throw new IllegalArgumentException(method.id() + " takes no inversion variant (ToNNO only)");
        }
        if (method != HeatmapMethod.TONNO && (bodyOffsets || adaptiveOffsets != null)) {
            throw new IllegalArgumentException(
                    method.id() + " takes no " + (bodyOffsets ? "body" : "adaptive") + " offsets (ToNNO only)");
        }
        bodyOffsets = bodyOffsets || adaptiveOffsets != null;
        if (method == HeatmapMethod.TONNO) {
            if (cam != null || layer != null) {
                throw new IllegalArgumentException("tonno takes no CAM method or layer");
            }
        } else {
            if (method.isBaseline2d() && cam == null) {
                cam = method.baselineCam();
            }
            if (cam == null) {
                throw new IllegalArgumentException(method.id() + " needs a CAM method");
            }
            if (method.isBaseline2d() && cam != method.baselineCam()) {
                throw new IllegalArgumentException(method.id() + " cannot use CAM method " + cam.id());
            }
            if (layer == null) {
                throw new IllegalArgumentException(method.id() + " needs a layer (LAYER1..LAYER4)");
            }
            CamMethod.layerNumber(layer);
        }
        axes = axes == null ? SliceAxes.AXIAL : axes;
        if (sliceSize < 8) {
            throw new IllegalArgumentException("sliceSize must be >= 8, got " + sliceSize);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (method.isChunked()) {
            // Validates directions, slices and threads with the tomography engine's own messages.
            new ReconstructionSettings(
                    directions, slices, sliceSize, lattice, threads, batchSize, bodyOffsets, adaptiveOffsets);
        } else if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
    }

    /** ToNNO with the paper's {@code L = 2000}, {@code M = 100}. */
    public static MethodSettings tonno(int sliceSize) {
        return paper(HeatmapMethod.TONNO, null, null, null, sliceSize);
    }

    /** A 2D baseline ({@code method.isBaseline2d()}) with raw maps. */
    public static MethodSettings baseline2d(HeatmapMethod method, Stage layer, SliceAxes axes, int sliceSize) {
        return paper(method, method.baselineCam(), layer, axes, sliceSize);
    }

    /** Averaged or Tomographic CAM with the paper's {@code L = 1000} and {@code M = 100}. */
    public static MethodSettings maps(HeatmapMethod method, CamMethod cam, Stage layer, int sliceSize) {
        if (method != HeatmapMethod.AVERAGED && method != HeatmapMethod.TOMOGRAPHIC) {
            throw new IllegalArgumentException("maps() is for averaged or tomographic, got " + method.id());
        }
        return paper(method, cam, layer, null, sliceSize);
    }

    /**
     * The paper's settings of {@code method}: {@code L = 2000} for ToNNO, {@code L = 1000} for the CAM maps and
     * {@code M = 100} (none for a 2D baseline); every plane scored on all cores, {@link #DEFAULT_BATCH} slices per
     * forward pass, raw maps, the paper's inversion.
     */
    private static MethodSettings paper(
            HeatmapMethod method, CamMethod cam, Stage layer, SliceAxes axes, int sliceSize) {
        int directions = method.isBaseline2d() ? 0 : method == HeatmapMethod.TONNO ? 2000 : 1000;
        int slices = method.isBaseline2d() ? 0 : 100;
        return new MethodSettings(
                method,
                cam,
                layer,
                axes,
                directions,
                slices,
                sliceSize,
                null,
                0,
                DEFAULT_BATCH,
                false,
                null,
                false,
                null);
    }

    /** A copy with {@code L} and {@code M}. */
    public MethodSettings withDirections(int newDirections, int newSlices) {
        return with(
                newDirections, newSlices, lattice, threads, batchSize, normalizeSlices, bodyOffsets, adaptiveOffsets);
    }

    /** A copy with another thread count and batch size. */
    public MethodSettings withResources(int newThreads, int newBatchSize) {
        return with(
                directions, slices, lattice, newThreads, newBatchSize, normalizeSlices, bodyOffsets, adaptiveOffsets);
    }

    /** The tomography engine's settings; only for {@link HeatmapMethod#isChunked()} methods. */
    public ReconstructionSettings reconstruction() {
        if (!method.isChunked()) {
            throw new IllegalStateException(method.id() + " has no direction set");
        }
        return new ReconstructionSettings(
                directions, slices, sliceSize, lattice, threads, batchSize, bodyOffsets, adaptiveOffsets);
    }

    /** A copy with adaptive offsets at {@code tolerance} logits ({@code null}: off; ToNNO only). */
    public MethodSettings withAdaptiveOffsets(Double tolerance) {
        return with(directions, slices, lattice, threads, batchSize, normalizeSlices, bodyOffsets, tolerance);
    }

    /** A copy with the given sampling scheme: direction lattice and body offsets (ToNNO). */
    public MethodSettings withScheme(DirectionLattice newLattice, boolean newBodyOffsets) {
        return with(
                directions, slices, newLattice, threads, batchSize, normalizeSlices, newBodyOffsets, adaptiveOffsets);
    }

    /** A copy that min-max normalises each slice's map, or not (2D baselines). */
    public MethodSettings withNormalizedSlices(boolean newNormalizeSlices) {
        return with(directions, slices, lattice, threads, batchSize, newNormalizeSlices, bodyOffsets, adaptiveOffsets);
    }

    /**
     * A copy with other sampling, resources and map normalisation; method, CAM, layer, axes, slice size and inversion
     * kept.
     */
    private MethodSettings with(
            int newDirections,
            int newSlices,
            DirectionLattice newLattice,
            int newThreads,
            int newBatchSize,
            boolean newNormalizeSlices,
            boolean newBodyOffsets,
            Double newAdaptiveOffsets) {
        return new MethodSettings(
                method,
                cam,
                layer,
                axes,
                newDirections,
                newSlices,
                sliceSize,
                newLattice,
                newThreads,
                newBatchSize,
                newNormalizeSlices,
                inversion,
                newBodyOffsets,
                newAdaptiveOffsets);
    }
}
