package io.tonno.cli.local;

import io.tonno.classifier.heatmap.HeatmapMethod;
import io.tonno.classifier.heatmap.HeatmapMethods;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.JsonOutput;
import io.tonno.cli.OptionChecks;
import io.tonno.cli.ProgressDisplay;
import io.tonno.cli.ProgressVerb;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.Nifti;
import io.tonno.tomography.DirectionLattice;
import io.tonno.tomography.Inversion;
import io.tonno.tomography.ReconstructionSettings;
import io.tonno.tomography.Timings;
import io.tonno.workflows.spec.MethodSpec;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tonno reconstruct}: a heatmap from the slices of one NIfTI volume, on the voxel values as stored
 * (no preprocessing), written with the input's affine; shows the slices scored so far on stderr and prints
 * one JSON line with the timings.
 */
@Command(
        name = "reconstruct",
        description = "Reconstructs a 3D heatmap from slice scores (ToNNO) or slice maps (Averaged, Tomographic).")
public final class Reconstruct implements Callable<Integer>, ProgressVerb {
    @Option(names = "--input", required = true, description = "Input volume (.nii or .nii.gz).")
    Path input;

    @Option(names = "--out", required = true, description = "Output heatmap (.nii or .nii.gz), float32.")
    Path out;

    @Option(
            names = "--scorer",
            defaultValue = "radon-sum",
            description = "radon-sum or model (ToNNO); pooled:K, identity or cam:METHOD:LAYER (Averaged/Tomographic).")
    String scorer;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(
            names = "--method",
            defaultValue = "tonno",
            paramLabel = "METHOD",
            description = "tonno, averaged or tomographic.")
    String methodText;

    private HeatmapMethod method;

    private Inversion inversion;

    @Option(
            names = "--inversion",
            defaultValue = "paper",
            description = "ToNNO only: paper (inverse Radon), backprojection or fractional:ALPHA, ALPHA in (0, 2] "
                    + "(docs/tomography.md, Saturation).")
    String inversionText;

    @Option(
            names = "--score-map",
            defaultValue = "logit",
            description = "ToNNO only: logit or sigmoid, applied to the scores before the inversion.")
    String scoreMapText;

    @Mixin
    SamplingOptions sampling = new SamplingOptions(2000, 100, 224);

    @Option(names = "--hemisphere", description = "Short for --sampling hemisphere.")
    boolean hemisphere;

    @Option(
            names = "--sampling",
            description = "Direction lattice: sphere (the paper's), hemisphere (y > 0, each weighted twice), "
                    + "relaxed-hemisphere or random-hemisphere (docs/tomography.md). Default: sphere.")
    String samplingText;

    @Option(
            names = "--body-offsets",
            description = "ToNNO: cut and score only the planes that meet the volume's non-zero voxels; the others are"
                    + " empty and take the score of one zero slice (the same heatmap, fewer network calls).")
    boolean bodyOffsets;

    @Option(
            names = "--adaptive-offsets",
            arity = "0..1",
            fallbackValue = "" + MethodSpec.ADAPTIVE_TOLERANCE,
            paramLabel = "TOLERANCE",
            description = "ToNNO: body offsets, of which every 4th is scored, refined where the scores curve by more"
                    + " than TOLERANCE (default " + MethodSpec.ADAPTIVE_TOLERANCE + " without a value) and the rest"
                    + " interpolated along the offset: nearly the same heatmap for a little over half the network calls"
                    + " (docs/tomography.md, Adaptive offsets).")
    Double adaptiveOffsets;

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Option(
            names = "--batch-size",
            defaultValue = "0",
            description = "Slices per scorer call, 0 = the scorer's preference.")
    int batchSize;

    @Option(names = "--out-shape", description = "Output shape X,Y,Z over the same cube (default: the input's).")
    String outShape;

    @Override
    public Integer call() throws Exception {
        return ExitCodes.orBadInput("tonno reconstruct", this::run);
    }

    private int run() throws Exception {
        long start = System.nanoTime();
        method = parseMethod(methodText);
        inversion = inversion();
        ReconstructionSettings settings = settings();
        try (ScorerOption scorerOption = ScorerOption.parse(scorer, model, batchSize, sampling.sliceSize.size())) {
            return run(start, settings, scorerOption);
        }
    }

    private int run(long start, ReconstructionSettings settings, ScorerOption scorerOption) throws Exception {
        if (method == HeatmapMethod.TONNO && !scorerOption.isScalar()) {
            throw new InvalidInputException(
                    "command line",
                    "--scorer",
                    scorerOption.text() + " gives maps; --method tonno needs a scalar scorer (radon-sum or model)");
        }
        if (method != HeatmapMethod.TONNO && !scorerOption.isMap()) {
            throw new InvalidInputException(
                    "command line",
                    "--scorer",
                    scorerOption.text()
                            + " gives one number per slice; --method " + method.id()
                            + " needs a map scorer (pooled:K, identity or cam:METHOD:LAYER)");
        }
        Volume volume = Nifti.read(input);
        int[] shape = outShape == null ? volume.shape() : parseShape(outShape);
        double readSeconds = (System.nanoTime() - start) / 1e9;

        Timings timings;
        long t0 = System.nanoTime();
        Volume heat;
        try (SliceProgress progress = new SliceProgress(
                ProgressDisplay.create(System.err),
                method.id(),
                (long) settings.directionSet().size() * settings.slicesPerDirection())) {
            timings = new Timings(progress::add);
            heat = HeatmapMethods.reconstruct(
                    method, inversion, scorerOption.scorer(), volume, settings, shape, timings);
            progress.done();
        }
        double reconstructSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        Nifti.writeFloat32(heat, out);
        double writeSeconds = (System.nanoTime() - t1) / 1e9;
        JsonOutput.line(JsonOutput.object()
                .put("input", input.toString())
                .put("out", out.toString())
                .put("method", method.id())
                .put("scorer", scorerOption.text())
                .put("directions", sampling.directions)
                .put("slices", sampling.slices)
                .put("sliceSize", sampling.sliceSize.size())
                .put("sampling", settings.lattice().id())
                .put("hemisphere", settings.lattice().hemisphere())
                .put(
                        "offsets",
                        settings.adaptiveOffsets() != null
                                ? "adaptive:" + settings.adaptiveOffsets()
                                : settings.bodyOffsets() ? "body" : "cube")
                .put("threads", threads.used())
                .putPOJO("inputShape", volume.shape())
                .putPOJO("outShape", shape)
                .put("slicesSampled", timings.slices())
                .put("readSeconds", JsonOutput.rounded(readSeconds, 3))
                .put("slicingSeconds", JsonOutput.rounded(timings.slicingSeconds(), 3))
                .put("scoringSeconds", JsonOutput.rounded(timings.scoringSeconds(), 3))
                .put("backprojectionSeconds", JsonOutput.rounded(timings.backprojectionSeconds(), 3))
                .put("reconstructSeconds", JsonOutput.rounded(reconstructSeconds, 3))
                .put("writeSeconds", JsonOutput.rounded(writeSeconds, 3))
                .put("totalSeconds", JsonOutput.rounded((System.nanoTime() - start) / 1e9, 3)));
        return 0;
    }

    /** {@code --sampling}, or {@code hemisphere} for {@code --hemisphere}. */
    private DirectionLattice lattice() throws InvalidInputException {
        OptionChecks.check(
                !hemisphere || samplingText == null || samplingText.equals("hemisphere"),
                "--hemisphere",
                "contradicts --sampling " + samplingText);
        if (samplingText == null) {
            return DirectionLattice.of(hemisphere);
        }
        return OptionChecks.parse("--sampling", () -> DirectionLattice.parse(samplingText));
    }

    private ReconstructionSettings settings() throws InvalidInputException {
        DirectionLattice lattice = lattice();
        OptionChecks.check(
                sampling.directions >= lattice.minDirections(),
                "--directions",
                "must be >= " + lattice.minDirections() + " with --sampling " + lattice.id() + ", got "
                        + sampling.directions);
        OptionChecks.check(sampling.slices >= 2, "--slices", "must be >= 2, got " + sampling.slices);
        sampling.sliceSize.check(2);
        threads.check();
        OptionChecks.check(batchSize >= 0, "--batch-size", "must be >= 0, got " + batchSize);
        OptionChecks.check(
                !bodyOffsets || method == HeatmapMethod.TONNO, "--body-offsets", "applies to --method tonno only");
        OptionChecks.check(
                adaptiveOffsets == null || method == HeatmapMethod.TONNO,
                "--adaptive-offsets",
                "applies to --method tonno only");
        OptionChecks.check(
                adaptiveOffsets == null || (adaptiveOffsets >= 0 && adaptiveOffsets < Double.POSITIVE_INFINITY),
                "--adaptive-offsets",
                "must be a finite tolerance >= 0, got " + adaptiveOffsets);
        return new ReconstructionSettings(
                sampling.directions,
                sampling.slices,
                sampling.sliceSize.size(),
                lattice,
                threads.count(),
                batchSize,
                bodyOffsets,
                adaptiveOffsets);
    }

    /** {@code --inversion} and {@code --score-map}; other than the defaults only with {@code --method tonno}. */
    private Inversion inversion() throws InvalidInputException {
        Inversion inv = OptionChecks.parse(
                "--inversion/--score-map", () -> Inversion.parse(inversionText, scoreMapText, "--inversion"));
        OptionChecks.check(
                method == HeatmapMethod.TONNO || inv.equals(Inversion.PAPER),
                "--inversion",
                "applies to --method tonno only");
        return inv;
    }

    private static HeatmapMethod parseMethod(String text) throws InvalidInputException {
        HeatmapMethod m;
        try {
            m = HeatmapMethod.parse(text);
        } catch (IllegalArgumentException e) {
            m = null;
        }
        if (m == null || !m.isChunked()) {
            throw new InvalidInputException(
                    "command line",
                    "--method",
                    "unknown method '" + text + "'; expected tonno, averaged or tomographic");
        }
        return m;
    }

    private static int[] parseShape(String text) throws InvalidInputException {
        String[] parts = text.split(",");
        if (parts.length != 3) {
            throw new InvalidInputException("command line", "--out-shape", "expected X,Y,Z, got '" + text + "'");
        }
        int[] shape = new int[3];
        for (int a = 0; a < 3; a++) {
            try {
                shape[a] = Integer.parseInt(parts[a].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(
                        "command line", "--out-shape", "expected integers X,Y,Z, got '" + text + "'");
            }
            if (shape[a] < 1) {
                throw new InvalidInputException(
                        "command line", "--out-shape", "extents must be >= 1, got '" + text + "'");
            }
        }
        if ((long) shape[0] * shape[1] * shape[2] > Volume.MAX_VOXELS) {
            throw new InvalidInputException("command line", "--out-shape", "too many voxels: '" + text + "'");
        }
        return shape;
    }

    /** Slices scored so far, on a {@link ProgressDisplay} line named after the method. */
    static final class SliceProgress implements AutoCloseable {
        private final ProgressDisplay display;
        private final String stage;
        private final long total;
        private long scored;

        SliceProgress(ProgressDisplay display, String stage, long total) {
            this.display = display;
            this.stage = stage;
            this.total = Math.max(1, total);
            show();
        }

        /** {@code count} more slices scored. */
        void add(int count) {
            scored = Math.min(total, scored + count);
            show();
        }

        private void show() {
            display.update(stage, (double) scored / total, String.format(Locale.ROOT, "slices %d/%d", scored, total));
        }

        /** All slices scored (the grid's batches may end short of the count above). */
        void done() {
            scored = total;
            show();
        }

        @Override
        public void close() {
            display.close();
        }
    }
}
