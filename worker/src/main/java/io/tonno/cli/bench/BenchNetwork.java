package io.tonno.cli.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tonno.classifier.inference.CompiledResNet;
import io.tonno.classifier.inference.ExportedNetwork;
import io.tonno.classifier.inference.ModelFile;
import io.tonno.classifier.inference.ModelFormat;
import io.tonno.classifier.inference.ModelSliceScorer;
import io.tonno.classifier.inference.SliceModel;
import io.tonno.classifier.inference.Slicing;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.Engines;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.sampling.Augmentation;
import io.tonno.classifier.sampling.SliceSampler;
import io.tonno.classifier.sampling.Xoshiro256;
import io.tonno.classifier.training.DeviceBatches;
import io.tonno.classifier.training.LabeledVolume;
import io.tonno.classifier.training.TrainingConfig;
import io.tonno.classifier.training.TrainingRun;
import io.tonno.cli.JsonOutput;
import io.tonno.imaging.Volume;
import io.tonno.tomography.DirectionChunk;
import io.tonno.tomography.Reconstruction;
import io.tonno.tomography.ReconstructionSettings;
import io.tonno.tomography.Sinogram;
import io.tonno.tomography.SliceScorer;
import io.tonno.tomography.Timings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tonno bench network}: slice-classifier throughput on this machine. Prints one JSON object per
 * measurement: forward slices/s (64² and 224², batches 64 and 256), training slices/s (the real training
 * step: sampling, forward, backward, AdamW), achieved GFLOP/s (2 FLOP per MAC; ResNet-10-T 1.1 GMAC per
 * 224² slice scaled by area; training counted as 3× forward), and the GEMM rate of the same engine. With
 * {@code --safetensors}, {@code --torchscript} and {@code --onnx}, the scorer of each format side by side.
 */
@Command(
        name = "network",
        description = "Forward and training throughput of the slice classifier, and the engine's GEMM rate.")
public final class BenchNetwork implements Callable<Integer> {
    @Option(names = "--threads", defaultValue = "2", description = "PyTorch intra-op threads.")
    int threads;

    @Option(names = "--arch", defaultValue = "resnet10t", description = "resnet10t, resnet10t-hr or resnet50")
    String arch;

    @Option(names = "--seconds", defaultValue = "4", description = "minimum timed seconds per measurement")
    double seconds;

    @Option(names = "--quick", description = "only 64x64 batch 64, a short training run and GEMM")
    boolean quick;

    @Option(
            names = "--compiled-only",
            description = "Only the compiled scorer against the plain PyTorch forward (measure \"compiled\").")
    boolean compiledOnly;

    @Option(
            names = "--training-batches-only",
            description = "Only where training batches are made (measure \"trainingBatch\"), at 64² and 224².")
    boolean trainingBatchesOnly;

    @Option(
            names = "--safetensors",
            paramLabel = "FILE",
            description = "Also score with these ResNet weights (tonno train's model.safetensors) through the"
                    + " reconstruction's scorer, beside --torchscript and --onnx exports of the same network.")
    Path safetensors;

    @Option(
            names = "--torchscript",
            paramLabel = "FILE",
            description = "Also score with this TorchScript network (3 channels, one logit).")
    Path torchscript;

    @Option(
            names = "--onnx",
            paramLabel = "FILE",
            description = "Also score with this ONNX network (3 channels, one logit).")
    Path onnx;

    @Option(
            names = "--norm",
            description = "The --safetensors file's norm when its tensors do not say (bn, frozen-bn or gn).")
    String norm;

    @Override
    public Integer call() throws Exception {
        Engines.setThreads(threads);
        Architecture a = Architecture.parse(arch);
        if (trainingBatchesOnly) {
            trainingBatches(a, new int[] {64, 224}, quick ? 6 : 12);
            return 0;
        }
        if (compiledOnly) {
            compiledVersusPlain(a, quick ? new int[] {64} : new int[] {64, 224});
            return 0;
        }
        double gemm = gemmGflops();
        print("gemm", 1024, 0, gemm, gemm);
        ResNetLayout layout = new ResNetLayout(a, NormKind.FROZEN_BN, 1);
        try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), ResNetInit.random(layout, 1))) {
            int[][] cases = quick ? new int[][] {{64, 64}} : new int[][] {{64, 64}, {64, 256}, {224, 64}, {224, 256}};
            for (int[] c : cases) {
                double sps = forwardSlicesPerSecond(net, c[0], c[1]);
                print("forward", c[0], c[1], sps, sps * gflopPerSlice(a, c[0]));
            }
        }
        formatsSideBySide(a, quick ? new int[] {64} : new int[] {64, 224});
        compiledVersusPlain(a, quick ? new int[] {64} : new int[] {64, 224});
        tonnoVersusNetwork(a, quick ? 64 : 256, 62);
        double train = trainingSlicesPerSecond(a, quick ? 6 : 12, null, null);
        print("training", 64, 128, train, 3 * train * gflopPerSlice(a, 64));
        trainingBatches(a, quick ? new int[] {64} : new int[] {64, 224}, quick ? 6 : 12);
        return 0;
    }

    /**
     * Where training batches are made: for each way (host with the sequential augmentation, host with the portable
     * one, the device with the portable one), the time to make a batch of B=8 × M=16 slices on its own, and at 64² the
     * training step's slices/s with it. One {@code "measure": "trainingBatch"} line each.
     */
    private void trainingBatches(Architecture a, int[] sizes, int steps) throws Exception {
        List<LabeledVolume> labelled = trainingVolumes();
        List<Volume> vols = new ArrayList<>();
        float[] labels = new float[labelled.size()];
        for (int i = 0; i < labels.length; i++) {
            vols.add(labelled.get(i).volume());
            labels[i] = labelled.get(i).label();
        }
        String[] ways = {"host-sequential", "host-portable", "device-portable"};
        for (int size : sizes) {
            for (String way : ways) {
                boolean portable = !way.endsWith("sequential");
                boolean device = way.startsWith("device");
                SliceSampler sampler = new SliceSampler(
                        vols,
                        labels,
                        size,
                        8,
                        16,
                        Augmentation.DEFAULT,
                        0,
                        threads,
                        new SliceSampler.Options(false, false, portable));
                double perBatch;
                try (NDManager base = NDManager.newBaseManager(Device.cpu());
                        DeviceBatches cut = device ? new DeviceBatches(base, vols) : null) {
                    Runnable one = () -> {
                        if (cut == null) {
                            sampler.next();
                        } else {
                            try (NDManager m = base.newSubManager()) {
                                cut.cut(m, sampler.nextPlan());
                            }
                        }
                    };
                    one.run();
                    perBatch = secondsPerRun(seconds / 2, 3, one);
                }
                ObjectNode line = JsonOutput.object()
                        .put("bench", "network")
                        .put("measure", "trainingBatch")
                        .put("way", way)
                        .put("size", size)
                        .put("batch", 128)
                        .put("millisecondsPerBatch", JsonOutput.rounded(perBatch * 1e3, 2))
                        .put("batchSlicesPerSecond", JsonOutput.rounded(128 / perBatch, 1));
                if (size == 64) {
                    double sps = trainingSlicesPerSecond(a, steps, device ? "device" : "host", portable);
                    line.put("trainingSlicesPerSecond", JsonOutput.rounded(sps, 1));
                }
                JsonOutput.line(line.put("threads", threads));
            }
        }
    }

    /**
     * The scorer of each given file ({@code --safetensors}, {@code --torchscript}, {@code --onnx}), the one the
     * reconstruction calls ({@link SliceModel#scorer}), on the same slices at batch 64, one after another in this
     * JVM: one {@code "measure": "format"} line per file and size.
     */
    private void formatsSideBySide(Architecture a, int[] sizes) throws Exception {
        record Entry(ModelFormat format, Path file) {}
        List<Entry> entries = new ArrayList<>();
        if (safetensors != null) {
            entries.add(new Entry(ModelFormat.SAFETENSORS, safetensors));
        }
        if (torchscript != null) {
            entries.add(new Entry(ModelFormat.TORCHSCRIPT, torchscript));
        }
        if (onnx != null) {
            entries.add(new Entry(ModelFormat.ONNX, onnx));
        }
        for (int size : sizes) {
            for (Entry e : entries) {
                NormKind n = norm == null ? null : NormKind.parse(norm);
                ModelFile f =
                        new ModelFile(e.file(), e.format(), a, n, InputNormalization.NONE, 3, null, size, "bench");
                try (SliceModel m = f.load(Device.cpu(), "--norm")) {
                    double sps = forwardSlicesPerSecond(m.scorer(64), size, 64);
                    JsonOutput.line(JsonOutput.object()
                            .put("bench", "network")
                            .put("measure", "format")
                            .put("format", e.format().id())
                            .put("file", e.file().toString())
                            .put("size", size)
                            .put("batch", 64)
                            .put("slicesPerSecond", JsonOutput.rounded(sps, 1))
                            .put("threads", threads)
                            .put("cores", Runtime.getRuntime().availableProcessors()));
                }
            }
        }
    }

    /**
     * The ToNNO scorer compiled for ONNX Runtime ({@link CompiledResNet}) against a plain PyTorch forward
     * ({@link ModelSliceScorer}) of the same network (same random weights) on the same slices, interleaved in
     * this JVM: one {@code "measure": "compiled"} line per norm, size and batch, with both rates and their ratio.
     */
    private void compiledVersusPlain(Architecture a, int[] sizes) {
        int[] batches = quick ? new int[] {32, 64} : new int[] {16, 32, 64, 128};
        for (NormKind norm : new NormKind[] {NormKind.BN, NormKind.GN}) {
            ResNetLayout layout = new ResNetLayout(a, norm, 1);
            try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), ResNetInit.random(layout, 1));
                    ExportedNetwork compiled = CompiledResNet.compile(net, threads)) {
                for (int size : sizes) {
                    for (int batch : batches) {
                        double plain = forwardSlicesPerSecond(new ModelSliceScorer(net, batch, false), size, batch);
                        double fast = forwardSlicesPerSecond(compiled.scorer(batch), size, batch);
                        JsonOutput.line(JsonOutput.object()
                                .put("bench", "network")
                                .put("measure", "compiled")
                                .put("arch", arch)
                                .put("norm", norm.id())
                                .put("size", size)
                                .put("batch", batch)
                                .put("pytorchSlicesPerSecond", JsonOutput.rounded(plain, 1))
                                .put("compiledSlicesPerSecond", JsonOutput.rounded(fast, 1))
                                .put("speedup", JsonOutput.rounded(fast / plain, 3))
                                .put("threads", threads)
                                .put("cores", Runtime.getRuntime().availableProcessors()));
                    }
                }
            }
        }
    }

    private void print(String what, int size, int batch, double slicesPerSecond, double gflops) {
        JsonOutput.line(JsonOutput.object()
                .put("bench", "network")
                .put("measure", what)
                .put("arch", arch)
                .put("size", size)
                .put("batch", batch)
                .put("slicesPerSecond", JsonOutput.rounded(what.equals("gemm") ? 0.0 : slicesPerSecond, 1))
                .put("gflops", JsonOutput.rounded(gflops, 2))
                .put("threads", threads)
                .put("cores", Runtime.getRuntime().availableProcessors()));
    }

    private static double gflopPerSlice(Architecture a, int size) {
        return 2 * a.gmacsAt224() * (size * (double) size) / (224.0 * 224.0);
    }

    private double gemmGflops() {
        int n = 1024;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.randomUniform(-1, 1, new Shape(n, n));
            NDArray y = m.randomUniform(-1, 1, new Shape(n, n));
            Runnable product = () -> x.matMul(y).close();
            product.run();
            return 2.0 * n * n * n / secondsPerRun(seconds, 3, product) / 1e9;
        }
    }

    private double forwardSlicesPerSecond(ResNet net, int size, int batch) {
        return forwardSlicesPerSecond(new ModelSliceScorer(net, batch, false), size, batch);
    }

    private double forwardSlicesPerSecond(SliceScorer scorer, int size, int batch) {
        Xoshiro256 r = new Xoshiro256(size + batch);
        float[] slices = new float[batch * size * size];
        for (int i = 0; i < slices.length; i++) {
            slices[i] = (float) r.nextDouble();
        }
        double[] scores = new double[batch];
        Runnable forward = () -> scorer.score(slices, batch, size, size, scores);
        // Warm up (oneDNN picks and JIT-compiles its kernels on the first calls) for a quarter of the time.
        secondsPerRun(seconds * 0.25, 1, forward);
        return batch / secondsPerRun(seconds, 2, forward);
    }

    /** The mean seconds of one run of {@code body}, run at least {@code minRuns} times and {@code minSeconds} long. */
    private static double secondsPerRun(double minSeconds, int minRuns, Runnable body) {
        long runs = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < minSeconds * 1e9 || runs < minRuns) {
            body.run();
            runs++;
        }
        return (System.nanoTime() - t0) / 1e9 / runs;
    }

    /**
     * ToNNO on a 64³ volume with 64² slices, L directions and M slices each (M + 2 = 64 slices per
     * direction, one batch), scored by the network: prints the reconstruction's wall time, the part spent
     * in the network (scorer calls), slicing and backprojection, and the ratio of the whole reconstruction
     * to the network's own time (target ≤ 1.2); once with the slices cut on the host and once on the network's
     * device ({@link Slicing#DEVICE}, whose slicing is inside the scorer's time), with the largest difference
     * between their scores.
     */
    private void tonnoVersusNetwork(Architecture a, int directions, int slices) {
        int n = 64;
        Xoshiro256 r = new Xoshiro256(11);
        float[] d = new float[n * n * n];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextDouble();
        }
        Volume volume = Volume.zeros(n, n, n).withData(d);
        ResNetLayout layout = new ResNetLayout(a, NormKind.FROZEN_BN, 1);
        ReconstructionSettings settings =
                ReconstructionSettings.of(directions, slices, n).withResources(threads, slices + 2);
        try (ResNet net = new ResNet(layout, InputNormalization.NONE, Device.cpu(), ResNetInit.random(layout, 1))) {
            double[] hostScores = null;
            for (Slicing slicing : new Slicing[] {Slicing.HOST, Slicing.DEVICE}) {
                ModelSliceScorer scorer = new ModelSliceScorer(net, slices + 2, false, slicing);
                Reconstruction reconstruction = new Reconstruction(settings);
                // Warm-up on a few directions so the timed run sees a warm engine.
                reconstruction.sinogram(volume, scorer, new DirectionChunk(0, 4));
                Timings timings = new Timings();
                long t0 = System.nanoTime();
                Sinogram sinogram = reconstruction.sinogram(volume, scorer, reconstruction.wholeChunk(), timings);
                double[] scores = sinogram.scores();
                double sliced = (System.nanoTime() - t0) / 1e9;
                reconstruction.backproject(sinogram, volume.shape(), timings);
                double wall = (System.nanoTime() - t0) / 1e9;
                double network = timings.scoringSeconds();
                // Device slicing happens inside the scorer's calls: its time is in networkSeconds.
                double maxDifference = 0;
                if (hostScores == null) {
                    hostScores = scores;
                } else {
                    for (int i = 0; i < scores.length; i++) {
                        maxDifference = Math.max(maxDifference, Math.abs(scores[i] - hostScores[i]));
                    }
                }
                JsonOutput.line(JsonOutput.object()
                        .put("bench", "network")
                        .put("measure", "tonno")
                        .put("slicing", slicing.id())
                        .put("arch", arch)
                        .put("size", n)
                        .put("directions", directions)
                        .put("slicesPerDirection", slices + 2)
                        .put("slices", timings.slices())
                        .put("seconds", JsonOutput.rounded(wall, 2))
                        .put("sinogramSeconds", JsonOutput.rounded(sliced, 2))
                        .put("networkSeconds", JsonOutput.rounded(network, 2))
                        .put("slicingSeconds", JsonOutput.rounded(timings.slicingSeconds(), 2))
                        .put("backprojectionSeconds", JsonOutput.rounded(timings.backprojectionSeconds(), 2))
                        .put("slicesPerSecond", JsonOutput.rounded(timings.slices() / wall, 1))
                        .put("ratioToNetwork", JsonOutput.rounded(wall / network, 3))
                        .put("maxScoreDifferenceToHost", maxDifference)
                        .put("threads", threads));
            }
        }
    }

    /**
     * A short real training run (B=8 volumes × M=16 slices of 64², group norm) on generated 48³ volumes, batches cut
     * where {@code slicing} says (null: auto) with the {@code portable} augmentation or not (null: auto).
     */
    private double trainingSlicesPerSecond(Architecture a, int steps, String slicing, Boolean portable)
            throws Exception {
        List<LabeledVolume> vols = trainingVolumes();
        TrainingConfig cfg = new TrainingConfig(
                new TrainingConfig.Model(a.id(), "gn", null, 64, "none", "cpu", null, slicing),
                new TrainingConfig.Training(
                        steps, 8, 16, 1e-3, 0.05, 1, steps, steps, 2, steps, 0L, threads, null, null, null, null, null,
                        "lattice"),
                Augmentation.DEFAULT.withPortable(portable));
        double[] last = new double[1];
        long[] timedFrom = {0};
        long[] started = {0};
        BenchOutput.inDirectory(
                null,
                "tonno-bench-train",
                dir -> new TrainingRun(cfg, vols, List.of(), dir)
                        .run(false, Long.MAX_VALUE, (step, total, loss, lr, sps) -> {
                            // The first two steps warm up the engine; time the rest.
                            if (step == 2) {
                                started[0] = System.nanoTime();
                                timedFrom[0] = step;
                            } else if (step == total) {
                                last[0] = (step - timedFrom[0]) * 128 / ((System.nanoTime() - started[0]) / 1e9);
                            }
                        }));
        return last[0];
    }

    /** Four generated 48³ volumes of uniform noise, labels 0 and 1 alternating. */
    private static List<LabeledVolume> trainingVolumes() {
        Xoshiro256 r = new Xoshiro256(3);
        List<LabeledVolume> vols = new ArrayList<>();
        int n = 48;
        for (int c = 0; c < 4; c++) {
            float[] d = new float[n * n * n];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) r.nextDouble();
            }
            vols.add(new LabeledVolume("v" + c, Volume.zeros(n, n, n).withData(d), c % 2));
        }
        return vols;
    }
}
