package io.tonno.cli.local;

import io.tonno.activities.reconstruction.MethodSpecs;
import io.tonno.classifier.cam.CamMethod;
import io.tonno.classifier.cam.SliceAxes;
import io.tonno.classifier.heatmap.HeatmapMethod;
import io.tonno.classifier.heatmap.MethodSettings;
import io.tonno.classifier.nn.Stage;
import io.tonno.tomography.Inversion;
import io.tonno.workflows.spec.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rows of {@code tonno compare}: every (method, layer, axes) to compute, in the order of the results table
 * (2D baselines per CAM method, axial then all three axes, each at every layer; ToNNO; Averaged and Tomographic
 * CAM at every layer). Each row is a workflow {@link MethodSpec}, so it has the workflow's names and settings.
 */
public final class ComparisonPlan {
    /**
     * One row.
     *
     * @param spec     the method as an experiment spec would give it
     * @param settings what {@link io.tonno.classifier.heatmap.HeatmapMethods} computes ({@link MethodSpecs#settings})
     */
    record Row(MethodSpec spec, MethodSettings settings) {
        /** The table's method name: {@code ToNNO}, {@code LayerCAM}, {@code LayerCAM (3 axes)}, ... */
        String name() {
            return spec.displayName();
        }

        /** {@code layer1..layer4}, or {@code null} for ToNNO. */
        String layer() {
            return spec.layerName();
        }

        /** File-safe identifier, the workflow's method key, e.g. {@code layercam-layer2-axial}. */
        String label() {
            return spec.key();
        }

        /** Shown in the Fig. 6 panel (one column pair per row there). */
        boolean axial3d() {
            return settings.method().isChunked() || settings.axes() == SliceAxes.AXIAL;
        }
    }

    private ComparisonPlan() {}

    /**
     * @param methods    which methods (2D baselines, {@code TONNO}, {@code AVERAGED}, {@code TOMOGRAPHIC})
     * @param layers     CAM layers, in order
     * @param scoreCamLayers ScoreCAM's layers (it needs one forward pass per channel and slice, so a run may
     *                   limit it to the cheaper layers)
     * @param axes       2D baseline variants, in order
     * @param mapCam     the CAM whose maps Averaged and Tomographic reconstruct (the paper: LayerCAM)
     * @param base       ToNNO settings carrying {@code L}, {@code M}, slice size, threads and batch size
     * @param inversions ToNNO's rows, one per inversion, in order ({@link Inversion#PAPER} is the row {@code tonno})
     */
    static List<Row> rows(
            Set<HeatmapMethod> methods,
            List<Stage> layers,
            List<Stage> scoreCamLayers,
            List<SliceAxes> axes,
            CamMethod mapCam,
            MethodSettings base,
            List<Inversion> inversions) {
        List<MethodSpec> specs = new ArrayList<>();
        for (HeatmapMethod m : HeatmapMethod.values()) {
            if (!m.isBaseline2d() || !methods.contains(m)) {
                continue;
            }
            for (SliceAxes a : axes) {
                for (Stage layer : m == HeatmapMethod.SCORECAM ? scoreCamLayers : layers) {
                    specs.add(spec(m, null, CamMethod.layerNumber(layer), a.id(), null, null, base));
                }
            }
        }
        if (methods.contains(HeatmapMethod.TONNO)) {
            for (Inversion inv : inversions) {
                boolean paper = inv.filter() == Inversion.Filter.PAPER;
                boolean sigmoid = inv.scores() == Inversion.ScoreMap.SIGMOID;
                specs.add(MethodSpec.tonno(
                                paper ? null : inv.filterId(),
                                sigmoid ? inv.scores().id() : null)
                        .withSampling(base.directions(), base.slices())
                        .withSliceSize(base.sliceSize()));
            }
        }
        for (HeatmapMethod m : List.of(HeatmapMethod.AVERAGED, HeatmapMethod.TOMOGRAPHIC)) {
            if (!methods.contains(m)) {
                continue;
            }
            for (Stage layer : layers) {
                specs.add(spec(
                        m, mapCam.id(), CamMethod.layerNumber(layer), null, base.directions(), base.slices(), base));
            }
        }
        List<Row> out = new ArrayList<>();
        for (MethodSpec spec : specs) {
            out.add(new Row(spec, MethodSpecs.settings(spec, base.sliceSize(), base.threads(), base.batchSize())));
        }
        return out;
    }

    /** The spec of one row at {@code base}'s slice size, without a label or unknown fields. */
    private static MethodSpec spec(
            HeatmapMethod method,
            String cam,
            Integer layer,
            String axes,
            Integer directions,
            Integer slices,
            MethodSettings base) {
        return MethodSpec.of(method.id(), cam, layer, axes)
                .withSampling(directions, slices)
                .withSliceSize(base.sliceSize());
    }
}
