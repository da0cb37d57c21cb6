package io.tonno.activities.reconstruction;

import io.tonno.classifier.cam.CamMethod;
import io.tonno.classifier.cam.SliceAxes;
import io.tonno.classifier.heatmap.HeatmapMethod;
import io.tonno.classifier.heatmap.MethodSettings;
import io.tonno.classifier.nn.Stage;
import io.tonno.tomography.DirectionLattice;
import io.tonno.tomography.Inversion;
import io.tonno.workflows.spec.MethodSpec;

/**
 * A workflow {@link MethodSpec} as the {@link MethodSettings} of {@code io.tonno.classifier.heatmap.HeatmapMethods}:
 * the one translation shared by the reconstruction activities, {@code tonno compare} and the benches, so that a
 * result row is the same computation wherever it runs and is named by {@link MethodSpec#key()} everywhere.
 */
public final class MethodSpecs {
    private MethodSpecs() {}

    /**
     * The settings of {@code method}: its {@code L}, {@code M} ({@code 0} for a 2D baseline), slice size, CAM,
     * layer and axes; ToNNO's sampling scheme (hemisphere, body or adaptive offsets), raw 2D baseline maps.
     *
     * @param modelSliceSize the network's input size {@code S}, used when the method gives none
     * @param threads        slicing and backprojection threads, {@code 0} = all cores
     * @param batchSize      slices per forward pass, {@code >= 1}
     * @throws IllegalArgumentException for an unknown method, CAM, layer or axes, or settings the science refuses
     */
    public static MethodSettings settings(MethodSpec method, Integer modelSliceSize, int threads, int batchSize) {
        HeatmapMethod m = HeatmapMethod.parse(method.name());
        CamMethod cam = method.cam() == null ? null : CamMethod.parse(method.cam());
        Stage layer = m == HeatmapMethod.TONNO ? null : CamMethod.parseLayer(String.valueOf(method.layer()));
        SliceAxes axes = method.axes() == null ? null : SliceAxes.parse(method.axes());
        int sliceSize = method.sliceSize() != null ? method.sliceSize() : modelSliceSize;
        return new MethodSettings(
                m,
                cam,
                layer,
                axes,
                orZero(method.directions()),
                orZero(method.slices()),
                sliceSize,
                method.sampling() == null ? null : DirectionLattice.parse(method.sampling()),
                threads,
                batchSize,
                false,
                m == HeatmapMethod.TONNO ? inversion(method) : null,
                method.bodyOffsets(),
                method.adaptiveOffsets());
    }

    /**
     * ToNNO's settings at a sampling given by hand ({@code tonno compare} and the benches): the spec {@code tonno}
     * with {@code directions} {@code L} and {@code slices} {@code M}, as {@link #settings} turns it.
     *
     * @throws IllegalArgumentException for settings the science refuses
     */
    public static MethodSettings tonno(int directions, int slices, int sliceSize, int threads, int batchSize) {
        return settings(MethodSpec.of("tonno").withSampling(directions, slices), sliceSize, threads, batchSize);
    }

    /** ToNNO's inversion of {@code method} ({@code inversion}, {@code scoreMap}; the paper's when absent). */
    public static Inversion inversion(MethodSpec method) {
        return Inversion.parse(method.inversion(), method.scoreMap(), "inversion");
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : n;
    }
}
