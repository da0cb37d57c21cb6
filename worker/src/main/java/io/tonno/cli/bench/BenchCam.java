package io.tonno.cli.bench;

import io.tonno.activities.reconstruction.MethodSpecs;
import io.tonno.classifier.cam.CamMapScorer;
import io.tonno.classifier.cam.CamMethod;
import io.tonno.classifier.cam.RecordedMapScorer;
import io.tonno.classifier.cam.SliceAxes;
import io.tonno.classifier.heatmap.DirectionScorer;
import io.tonno.classifier.heatmap.HeatmapMethod;
import io.tonno.classifier.heatmap.HeatmapMethods;
import io.tonno.classifier.heatmap.MethodSettings;
import io.tonno.classifier.nn.ResNet;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.JsonOutput;
import io.tonno.cli.local.BatchSizeOption;
import io.tonno.cli.local.ModelOptions;
import io.tonno.cli.local.SamplingOptions;
import io.tonno.cli.local.ThreadsOption;
import io.tonno.evaluation.metrics.Dice;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.dataset.Split;
import io.tonno.imaging.io.Nifti;
import io.tonno.tomography.Timings;
import io.tonno.workflows.spec.MethodSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tonno bench cam}: LayerCAM (2D axial), Averaged and Tomographic LayerCAM at each layer on the positive
 * cases of a dataset split, with Dice against the masks and the time per volume (the paper's Fig. 5 experiment
 * by hand). Heatmaps are divided by their per-volume maximum and binarised at {@code --threshold}; the best Dice
 * over thresholds 0.05..0.95 (an oracle, not a calibrated result) is printed too. One JSON line per
 * (case, layer, method), then one summary line per method and layer; methods are named by the workflow's method key
 * ({@code layercam-layer2-axial}, {@code averaged-layercam-layer2}, {@code tomographic-layercam-layer2}).
 */
@Command(
        name = "cam",
        description =
                "Dice per layer of LayerCAM, Averaged and Tomographic LayerCAM on a dataset split (paper Fig. 5).")
public final class BenchCam implements Callable<Integer> {
    @Option(names = "--dataset", required = true, description = "dataset.json with masks.")
    Path dataset;

    @Option(names = "--split", defaultValue = "test", description = "Split to use.")
    String split;

    @Option(names = "--cases", defaultValue = "3", description = "At most this many positive cases.")
    int cases;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--method", defaultValue = "layercam", description = "CAM method.")
    String method;

    @Option(names = "--layers", defaultValue = "1,2,3,4", description = "Layers.")
    String layers;

    @Mixin
    SamplingOptions sampling = new SamplingOptions(1000, 100, 64);

    @Mixin
    BatchSizeOption batchSize = new BatchSizeOption(64);

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Option(names = "--threshold", defaultValue = "0.5", description = "Threshold on max-normalised heatmaps.")
    double threshold;

    @Override
    public Integer call() throws Exception {
        return ExitCodes.orBadInput("tonno bench cam", this::run);
    }

    private int run() throws Exception {
        CamMethod cam = CamMethod.parse(method);
        Split s = Split.parse(split);
        if (s == null) {
            throw new InvalidInputException("command line", "--split", "unknown split '" + split + "'");
        }
        threads.applyToEngine();
        List<CaseEntry> positives = new ArrayList<>();
        for (CaseEntry c : Dataset.load(dataset).cases(s)) {
            if (c.label() == 1 && c.hasMask() && positives.size() < cases) {
                positives.add(c);
            }
        }
        Map<String, List<double[]>> summary = new LinkedHashMap<>();
        try (ResNet net = model.load("tonno bench cam")) {
            for (CaseEntry c : positives) {
                Volume image = Nifti.read(c.image());
                Volume mask = Nifti.read(c.mask());
                for (String layerText : layers.split(",")) {
                    int l = CamMethod.layerNumber(CamMethod.parseLayer(layerText));
                    MethodSpec axialSpec = MethodSpec.of(cam.id(), null, l, SliceAxes.AXIAL.id())
                            .withSliceSize(sampling.sliceSize.size());
                    long t0 = System.nanoTime();
                    Volume axial = HeatmapMethods.compute(net, image, settings(axialSpec));
                    report(summary, c.id(), l, axialSpec.key(), axial, mask, System.nanoTime() - t0);
                    MethodSpec averagedSpec = mapSpec(HeatmapMethod.AVERAGED, cam, l);
                    MethodSpec tomographicSpec = mapSpec(HeatmapMethod.TOMOGRAPHIC, cam, l);
                    MethodSettings maps = settings(averagedSpec);
                    RecordedMapScorer replay =
                            new RecordedMapScorer(CamMapScorer.of(net, cam, maps.layer(), batchSize.size()));
                    long t1 = System.nanoTime();
                    Volume averaged = reconstruct(HeatmapMethod.AVERAGED, replay, image, maps);
                    long averagedNanos = System.nanoTime() - t1;
                    replay.replay();
                    long t2 = System.nanoTime();
                    Volume tomographic =
                            reconstruct(HeatmapMethod.TOMOGRAPHIC, replay, image, settings(tomographicSpec));
                    // Tomographic reuses Averaged's maps: its own time is the backprojection plus the network time.
                    long tomographicNanos = System.nanoTime() - t2 + replay.networkNanos();
                    report(summary, c.id(), l, averagedSpec.key(), averaged, mask, averagedNanos);
                    report(summary, c.id(), l, tomographicSpec.key(), tomographic, mask, tomographicNanos);
                }
            }
        }
        for (Map.Entry<String, List<double[]>> e : summary.entrySet()) {
            double[] mean = new double[3];
            for (double[] v : e.getValue()) {
                for (int i = 0; i < 3; i++) {
                    mean[i] += v[i] / e.getValue().size();
                }
            }
            JsonOutput.line(JsonOutput.object()
                    .put("summary", e.getKey())
                    .put("cases", e.getValue().size())
                    .put("meanDice", JsonOutput.rounded(mean[0], 4))
                    .put("meanBestDice", JsonOutput.rounded(mean[1], 4))
                    .put("meanSeconds", JsonOutput.rounded(mean[2], 2)));
        }
        return 0;
    }

    private MethodSpec mapSpec(HeatmapMethod method, CamMethod cam, int layer) {
        return MethodSpec.of(method.id(), cam.id(), layer, null)
                .withSampling(sampling.directions, sampling.slices)
                .withSliceSize(sampling.sliceSize.size());
    }

    private MethodSettings settings(MethodSpec spec) {
        return MethodSpecs.settings(spec, sampling.sliceSize.size(), threads.count(), batchSize.size());
    }

    private static Volume reconstruct(HeatmapMethod method, RecordedMapScorer maps, Volume image, MethodSettings s) {
        return HeatmapMethods.reconstruct(
                method, new DirectionScorer.Maps(maps), image, s.reconstruction(), image.shape(), new Timings());
    }

    private void report(
            Map<String, List<double[]>> summary,
            String id,
            int layer,
            String name,
            Volume heat,
            Volume mask,
            long nanos) {
        double dice = dice(heat, mask, threshold);
        double best = 0;
        for (int t = 1; t <= 19; t++) {
            best = Math.max(best, dice(heat, mask, 0.05 * t));
        }
        double seconds = nanos / 1e9;
        summary.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {dice, best, seconds});
        JsonOutput.line(JsonOutput.object()
                .put("case", id)
                .put("layer", layer)
                .put("method", name)
                .put("dice", JsonOutput.rounded(dice, 4))
                .put("bestDice", JsonOutput.rounded(best, 4))
                .put("seconds", JsonOutput.rounded(seconds, 2)));
    }

    /** Dice of {@code heat >= t·max(heat)} against {@code mask > 0.5}; 1 when both are empty. */
    static double dice(Volume heat, Volume mask, double t) {
        float[] h = heat.data();
        float[] m = mask.data();
        double max = Double.NEGATIVE_INFINITY;
        for (float v : h) {
            max = Math.max(max, v);
        }
        double cut = max > 0 ? t * max : Double.POSITIVE_INFINITY;
        long both = 0;
        long pred = 0;
        long truth = 0;
        for (int i = 0; i < h.length; i++) {
            boolean p = h[i] >= cut;
            boolean q = m[i] > 0.5f;
            pred += p ? 1 : 0;
            truth += q ? 1 : 0;
            both += p && q ? 1 : 0;
        }
        return Dice.fromCounts(both, pred, truth, Dice.BothEmpty.ONE);
    }
}
