package io.tonno.cli.local;

import io.tonno.classifier.cam.CamMethod;
import io.tonno.classifier.cam.SliceAxes;
import io.tonno.classifier.heatmap.HeatmapMethod;
import io.tonno.classifier.heatmap.HeatmapMethods;
import io.tonno.classifier.heatmap.MethodSettings;
import io.tonno.classifier.nn.Engines;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.Stage;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.JsonOutput;
import io.tonno.cli.OptionChecks;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.Nifti;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tonno cam}: the 2D baseline heatmap of one NIfTI volume by a CAM method (every axial slice, or the
 * mean of the three axes), raw values, written with the input's geometry; prints one JSON line with timings.
 */
@Command(
        name = "cam",
        description = "2D CAM baseline heatmap: GradCAM, LayerCAM, GradCAM++ or ScoreCAM on every slice, stacked.")
public final class Cam implements Callable<Integer> {
    @Option(
            names = "--input",
            required = true,
            description = "Input volume (.nii or .nii.gz), preprocessed as for training.")
    Path input;

    @Option(
            names = "--out",
            required = true,
            description = "Output heatmap (.nii or .nii.gz), float32, raw CAM values.")
    Path out;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--method", defaultValue = "layercam", description = "gradcam, layercam, gradcampp or scorecam.")
    String method;

    @Option(names = "--layer", defaultValue = "4", description = "Layer 1..4.")
    String layer;

    @Option(
            names = "--axes",
            defaultValue = "axial",
            description = "axial (slices of fixed k) or all (mean of the three axes).")
    String axes;

    @Mixin
    SliceSizeOption sliceSize = new SliceSizeOption(224);

    @Mixin
    BatchSizeOption batchSize = new BatchSizeOption(32);

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Option(
            names = "--normalize-slices",
            description = "Min-max normalise each slice's map (as CAM libraries do); without it, raw maps.")
    boolean normalizeSlices;

    @Override
    public Integer call() throws Exception {
        return ExitCodes.orBadInput("tonno cam", this::run);
    }

    private int run() throws Exception {
        long start = System.nanoTime();
        CamMethod camMethod = OptionChecks.parse("--method", () -> CamMethod.parse(method));
        Stage stage = OptionChecks.parse("--layer", () -> CamMethod.parseLayer(layer));
        SliceAxes sliceAxes = OptionChecks.parse("--axes", () -> SliceAxes.parse(axes));
        sliceSize.check(8);
        batchSize.check();
        threads.check();
        MethodSettings settings = MethodSettings.baseline2d(
                        HeatmapMethod.parse(camMethod.id()), stage, sliceAxes, sliceSize.size())
                .withResources(threads.count(), batchSize.size())
                .withNormalizedSlices(normalizeSlices);
        threads.applyToEngine();
        Volume volume = Nifti.read(input);
        Volume heat;
        long t0;
        try (ResNet net = model.load("tonno cam")) {
            t0 = System.nanoTime();
            heat = HeatmapMethods.compute(net, volume, settings);
        }
        double camSeconds = (System.nanoTime() - t0) / 1e9;
        Nifti.writeFloat32(heat, out);
        JsonOutput.line(JsonOutput.object()
                .put("input", input.toString())
                .put("out", out.toString())
                .put("method", camMethod.id())
                .put("layer", CamMethod.layerNumber(stage))
                .put("axes", sliceAxes.id())
                .put("sliceSize", sliceSize.size())
                .put("normalizeSlices", normalizeSlices)
                .put("threads", Engines.threads())
                .putPOJO("shape", volume.shape())
                .put("camSeconds", JsonOutput.rounded(camSeconds, 3))
                .put("totalSeconds", JsonOutput.rounded((System.nanoTime() - start) / 1e9, 3)));
        return 0;
    }
}
