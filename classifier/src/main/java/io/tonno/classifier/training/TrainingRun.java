package io.tonno.classifier.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.tonno.classifier.inference.Devices;
import io.tonno.classifier.inference.HostInput;
import io.tonno.classifier.inference.MemoryGuard;
import io.tonno.classifier.inference.ModelSliceScorer;
import io.tonno.classifier.inference.Slicing;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.Engines;
import io.tonno.classifier.nn.InitScheme;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ParameterSpec;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetInit;
import io.tonno.classifier.nn.ResNetLayout;
import io.tonno.classifier.sampling.ForegroundSupport;
import io.tonno.classifier.sampling.NonZeroExtent;
import io.tonno.classifier.sampling.SliceSampler;
import io.tonno.classifier.weights.SafeTensors;
import io.tonno.classifier.weights.Weights;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.tomography.SlicePlane;
import io.tonno.tomography.Slicer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a slice classifier ({@code method.md} §9): per step a {@link SliceSampler} batch, binary
 * cross-entropy with logits on one logit against the volume label, gradients by DJL's
 * {@link GradientCollector}, {@link AdamW} with {@link LearningRateSchedule}. Writes to the output
 * directory: {@code metrics.jsonl} ({@link MetricsLog}), {@code checkpoint.safetensors}
 * ({@link Checkpoint}), at every validation that beats the previous ones {@code best.safetensors} ({@link #BEST}),
 * and at the end {@code model.safetensors} (timm names, loadable by {@link Weights}).
 *
 * <p>Determinism: the same config (seed, threads included), data and engine give bit-identical
 * parameters; a run resumed from the checkpoint of step {@code k} reaches the same parameters at step
 * {@code n} as an uninterrupted run, because the checkpoint holds the exact parameters, running
 * statistics, AdamW moments and sampler RNG state.
 *
 * <p>The loss is the paper's per-slice cross-entropy or a multiple-instance pooling of each volume's slices
 * ({@link WeakLabelLoss}, {@code training.loss}); volumes and planes are drawn per {@link SliceSampler.Options}
 * ({@code training.balancedBatches}, {@code training.planeOffsets}). With a {@code pretext} section
 * ({@code tonno pretrain}) the volume labels are ignored and each slice is labelled by the
 * {@link io.tonno.classifier.sampling.SyntheticLesions} task instead.
 *
 * <p>A NaN or infinite loss or gradient stops training with an {@link ArithmeticException}; nothing is
 * written for that step, so the last checkpoint stays the last good state.
 */
public final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
    public static final String CHECKPOINT = "checkpoint.safetensors";
    public static final String METRICS = "metrics.jsonl";
    public static final String MODEL = "model.safetensors";
    /**
     * The weights of the validation with the highest volume AUC so far (the starting weights' validation included;
     * the earliest on ties), with metadata {@code tonno.steps} and {@code tonno.valVolumeAuc}: model selection on the
     * validation split. Score it on another split ({@code --validation-split test}) for an unbiased number.
     */
    public static final String BEST = "best.safetensors";

    private static final int SCORE_BATCH = 64;

    /** Progress callbacks (the CLI draws its progress bar from these). */
    public interface Listener {
        /** After every step; {@code step} counts completed steps. */
        void step(long step, long total, double loss, double lr, double slicesPerSecond);

        /** After every validation. */
        default void validation(long step, Validation v) {}
    }

    /**
     * One validation pass.
     *
     * @param sliceAuc         AUC of slice logits against their volume's label
     * @param volumeAuc        AUC of volume scores; a volume's score pools its planes' logits as {@code
     *                         training.validationPlanes} says ({@link ValidationPlanes#volumeScore}): by default the
     *                         mean over 4 normals of the largest logit of each normal's sweep of parallel planes, or
     *                         the mean of the highest {@link ValidationPlanes#TOP_FRACTION} of them (a lesion shows in a minority of
     *                         the slices of a positive volume, so the score pools like multiple-instance learning's
     *                         max)
     * @param balancedAccuracy of volume scores thresholded at logit 0
     * @param volumeScores     one score per validation volume, in input order
     * @param meanVolumeAuc    AUC of the mean slice logit per volume (diluted by the lesion-free slices)
     * @param lesionSliceAuc   AUC of the slice logits against whether the slice cuts a lesion (the volume's mask sliced
     *                         on the same plane reaches 0.5 somewhere); NaN unless every validation case has a mask. The
     *                         plain {@code sliceAuc} is capped far below 1 when lesions are small, since most slices of a
     *                         positive volume miss its lesions and still count as positive there
     * @param perfectDetectorSliceAuc the {@code sliceAuc} that a perfect lesion detector (1 on the slices that cut a
     *                         lesion, 0 elsewhere) would score on these very slices: {@code 0.5 + f/2} when only
     *                         positive volumes have lesions, {@code f} the fraction of their slices that cut one
     *                         ({@link #perfectDetectorSliceAuc(float[], float[])}); NaN where {@code lesionSliceAuc}
     *                         is. A {@code sliceAuc} near it means the network finds the lesions the slices show. It is
     *                         not a strict bound: a slice that grazes a lesion (its mask below 0.5 on the plane) still
     *                         shows some of it
     */
    public record Validation(
            double sliceAuc,
            double volumeAuc,
            double balancedAccuracy,
            double[] volumeScores,
            double meanVolumeAuc,
            double lesionSliceAuc,
            double perfectDetectorSliceAuc) {}

    /**
     * The slice AUC against inherited (volume) labels of a perfect lesion detector: the AUC of the scores
     * {@code cutsLesion} (1 where the slice cuts a lesion, else 0) against {@code volumeLabels}, ties counted half.
     * When only positive volumes have lesions this is {@code 0.5 + f/2}, {@code f} the fraction of the positive
     * volumes' slices that cut one: the rest of their slices look like a negative volume's.
     *
     * @param volumeLabels one label per slice, its volume's (1 positive)
     * @param cutsLesion   one flag per slice, 1 where the slice cuts a lesion
     * @return the AUC, NaN when either class is absent
     */
    public static double perfectDetectorSliceAuc(float[] volumeLabels, float[] cutsLesion) {
        double[] perfect = new double[cutsLesion.length];
        for (int i = 0; i < perfect.length; i++) {
            perfect[i] = cutsLesion[i];
        }
        return Metrics.auc(perfect, volumeLabels);
    }

    /**
     * @param steps      steps completed when {@link #run} returned
     * @param validation the last validation, or null when there was none
     * @param best       the best validation so far (this run's and, when resumed, the earlier part's), or null when no
     *                   validation had a volume AUC
     */
    public record Result(long steps, Validation validation, BestValidation best) {}

    /**
     * The validation whose weights are in {@link #BEST}.
     *
     * @param step      steps completed when it ran (0: the starting weights)
     * @param volumeAuc its volume AUC on the validation split
     */
    public record BestValidation(long step, double volumeAuc) {}

    private final TrainingConfig config;
    private final List<LabeledVolume> train;
    private final List<LabeledVolume> validation;
    private final Path out;

    public TrainingRun(TrainingConfig config, List<LabeledVolume> train, List<LabeledVolume> validation, Path out) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training volumes");
        }
        this.config = config;
        this.train = List.copyOf(train);
        this.validation = List.copyOf(validation);
        this.out = out;
    }

    /**
     * Trains until {@code training.steps}, or until {@code stopAfter} steps are complete if that is smaller
     * (a checkpoint is written there, as when a job is interrupted at a checkpoint).
     *
     * @param resume continue from {@code checkpoint.safetensors} in the output directory
     */
    public Result run(boolean resume, long stopAfter, Listener listener) throws IOException, InvalidInputException {
        TrainingConfig.Training t = config.training();
        TrainingConfig.Model mc = config.model();
        if (t.balancedBatches()) {
            long positives = train.stream().filter(v -> v.label() == 1).count();
            if (positives == 0 || positives == train.size()) {
                throw new InvalidInputException(
                        out.toString(),
                        "training.balancedBatches",
                        "needs positive and negative training volumes; got " + positives + " positive of "
                                + train.size());
            }
        }
        Files.createDirectories(out);
        Path ckptFile = out.resolve(CHECKPOINT);
        int threads = t.threads() == 0 ? Runtime.getRuntime().availableProcessors() : t.threads();
        Engines.setThreads(threads);
        Checkpoint ckpt = null;
        boolean portable = config.portableAugmentation();
        if (resume) {
            if (!Files.exists(ckptFile)) {
                throw new InvalidInputException(
                        out.toString(), CHECKPOINT, "--resume given but there is no checkpoint");
            }
            ckpt = Checkpoint.read(ckptFile);
            // Both through the parser, so that a checkpoint written before a field with a default existed still
            // matches. The device and where batches were cut may differ (a segment retried on another worker of the
            // fleet): neither changes what is trained once the augmentation's form is the checkpoint's.
            TrainingConfig saved = TrainingConfig.fromJson(ckpt.configJson(), ckptFile.toString());
            if (!config.placedOn(saved).toJson().equals(saved.toJson())) {
                throw new InvalidInputException(
                        ckptFile.toString(),
                        "__metadata__.config",
                        "the checkpoint was written with another config: " + ckpt.configJson());
            }
            portable = saved.portableAugmentation();
            if (!saved.model().device().equals(mc.device())) {
                LOG.info(
                        "resuming on {} a run checkpointed on {} ({} intensity augmentation, as it started)",
                        mc.device(),
                        saved.model().device(),
                        portable ? "portable" : "sequential");
            }
        } else if (Files.exists(ckptFile)) {
            throw new InvalidInputException(
                    out.toString(), CHECKPOINT, "already exists; pass --resume or use another output directory");
        }
        // model.norm of the starting weights when absent, else checked against them (not read again on resume).
        String norm = ckpt == null || mc.norm() == null
                ? config.withNormOfWeights().model().norm()
                : mc.norm();
        ResNetLayout layout = new ResNetLayout(Architecture.parse(mc.arch()), NormKind.parse(norm), 1);
        Map<String, float[]> initial;
        if (ckpt != null) {
            initial = ckpt.model();
        } else if (mc.weights() != null) {
            initial = Weights.loadPretrained(Path.of(mc.weights()), layout, t.seed());
        } else {
            initial = ResNetInit.random(layout, t.seed(), InitScheme.parse(mc.init()));
        }
        Device device = Devices.available(mc.device(), "training spec", "model.device");
        MetricsLog metrics = new MetricsLog(out.resolve(METRICS));
        if (ckpt != null) {
            metrics.truncateAfter(ckpt.step());
        } else {
            Files.deleteIfExists(out.resolve(METRICS));
        }
        try (ResNet net = new ResNet(layout, InputNormalization.parse(mc.inputNormalization()), device, initial)) {
            return prepare(new Started(net, layout, ckpt, metrics, threads, stopAfter, listener), portable);
        }
    }

    /** A run's network (with its layout), the checkpoint it resumes or null, and where it reports. */
    private record Started(
            ResNet net,
            ResNetLayout layout,
            Checkpoint ckpt,
            MetricsLog metrics,
            int threads,
            long stopAfter,
            Listener listener) {}

    private Result prepare(Started run, boolean portable) throws IOException, InvalidInputException {
        ResNet net = run.net();
        TrainingConfig.Training t = config.training();
        int size = config.model().sliceSize();
        List<Volume> vols = new ArrayList<>();
        float[] labels = new float[train.size()];
        for (int i = 0; i < train.size(); i++) {
            vols.add(train.get(i).volume());
            labels[i] = train.get(i).label();
        }
        SliceSampler sampler = new SliceSampler(
                vols,
                labels,
                size,
                t.volumesPerBatch(),
                t.slicesPerVolume(),
                config.augmentation(),
                t.seed() ^ 0x5EED5A3B1E5L,
                run.threads(),
                new SliceSampler.Options(t.balancedBatches(), "foreground".equals(t.planeOffsets()), portable));
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (ParameterSpec p : run.layout().parameters()) {
            shapes.put(p.name(), p.shape());
        }
        net.setParameterGradients(true);
        net.setTraining(true);
        // A run that started with the sequential form keeps it, and so its batches on the host.
        boolean onDevice = config.batchSlicing() == Slicing.DEVICE && portable;
        LOG.info(
                "training batches cut on the {} ({} intensity augmentation)",
                onDevice ? "device " + net.device() : "host",
                portable ? "portable" : "sequential");
        try (NDManager optimizerMemory = NDManager.newBaseManager(net.device());
                DeviceBatches deviceBatches = onDevice ? new DeviceBatches(optimizerMemory, vols) : null;
                AdamW adam = optimizer(net, t.weightDecay(), optimizerMemory);
                WeightAverage average = t.emaDecay() > 0
                        ? new WeightAverage(
                                net,
                                List.copyOf(shapes.keySet()),
                                t.emaDecay(),
                                run.ckpt() == null ? null : run.ckpt().average())
                        : null) {
            return loop(
                    run,
                    // The form is stated in the checkpoints when this config alone would choose the other one (a
                    // run resumed on another kind of device), so that every later resume keeps it too.
                    new Setup(
                            sampler,
                            deviceBatches,
                            (portable == config.portableAugmentation() ? config : config.withPortable(portable))
                                    .toJson()),
                    adam,
                    average,
                    shapes);
        }
    }

    /**
     * The sampler, what cuts batches on the device when they are cut there, and the config written into
     * checkpoints.
     */
    private record Setup(SliceSampler sampler, DeviceBatches device, String configJson) {}

    private Result loop(Started run, Setup batches, AdamW adam, WeightAverage average, Map<String, long[]> shapes)
            throws IOException, InvalidInputException {
        ResNet net = run.net();
        ResNetLayout layout = run.layout();
        Checkpoint ckpt = run.ckpt();
        MetricsLog metrics = run.metrics();
        int threads = run.threads();
        Listener listener = run.listener();
        TrainingConfig.Training t = config.training();
        int size = config.model().sliceSize();
        SliceSampler sampler = batches.sampler();
        long start = 0;
        if (ckpt != null) {
            adam.restore(ckpt.step(), ckpt.firstMoment(), ckpt.secondMoment());
            sampler.restore(ckpt.samplerState());
            start = ckpt.step();
            LOG.info("resuming from step {}", start);
        }
        LearningRateSchedule schedule = new LearningRateSchedule(t.learningRate(), t.warmupSteps(), t.steps());
        long end = Math.min(t.steps(), run.stopAfter());
        long lastGood = start;
        Validation lastValidation = null;
        double lossSum = 0;
        int lossCount = 0;
        long intervalSlices = 0;
        long intervalStart = System.nanoTime();
        MemoryGuard guard = MemoryGuard.fromSystem();
        HostInput input = new HostInput();
        WeakLabelLoss lossFn = WeakLabelLoss.of(t);
        Best best = new Best(out.resolve(BEST), ckpt != null);
        if (start == 0 && config.model().weights() != null && !validation.isEmpty()) {
            // Where the starting weights stand before any step: the first point of the curves.
            lastValidation = validateAndLog(net, threads, 0, metrics, listener);
            best.offer(net, 0, lastValidation);
        }
        for (long step = start; step < end; step++) {
            double lr = schedule.at((int) step);
            float loss;
            int count;
            if (batches.device() != null) {
                SliceSampler.Plan plan = sampler.nextPlan();
                loss = trainStep(net, m -> batches.device().cut(m, plan), plan.labels(), lossFn, t.slicesPerVolume());
                count = plan.count();
            } else {
                SliceSampler.Batch batch = config.synthesis() != null
                        ? sampler.nextWithSynthesis(config.blobsAt(step))
                        : sampler.next(config.blobsAt(step));
                loss = trainStep(net, batch, size, input, lossFn, t.slicesPerVolume());
                count = batch.count();
            }
            if (!Float.isFinite(loss)) {
                throw diverged(step + 1, "loss is " + loss, lastGood);
            }
            String bad = adam.firstNonFiniteGradient();
            if (bad != null) {
                throw diverged(step + 1, "the gradient of " + bad + " is not finite", lastGood);
            }
            adam.step(lr);
            if (average != null) {
                average.update(step);
            }
            long done = step + 1;
            guard.check("training step " + done + " of " + out);
            lossSum += loss;
            lossCount++;
            intervalSlices += count;
            double seconds = (System.nanoTime() - intervalStart) / 1e9;
            double slicesPerSecond = intervalSlices / Math.max(seconds, 1e-9);
            listener.step(done, t.steps(), loss, lr, slicesPerSecond);
            if (done % t.logInterval() == 0 || done == t.steps()) {
                metrics.training(done, lossSum / lossCount, lr, slicesPerSecond);
                lossSum = 0;
                lossCount = 0;
                intervalSlices = 0;
                intervalStart = System.nanoTime();
            }
            if (!validation.isEmpty() && (done % t.validationInterval() == 0 || done == t.steps())) {
                try (ResNet scored = averaged(net, layout, average)) {
                    lastValidation = validateAndLog(scored == null ? net : scored, threads, done, metrics, listener);
                    best.offer(scored == null ? net : scored, done, lastValidation);
                }
            }
            if (done % t.checkpointInterval() == 0 || done == end) {
                Map<String, float[]> m = new LinkedHashMap<>();
                Map<String, float[]> v = new LinkedHashMap<>();
                for (String name : adam.names()) {
                    m.put(name, adam.firstMoment(name));
                    v.put(name, adam.secondMoment(name));
                }
                new Checkpoint(
                                done,
                                net.stateDict(),
                                m,
                                v,
                                average == null ? Map.of() : average.values(),
                                sampler.state(),
                                batches.configJson())
                        .write(out.resolve(CHECKPOINT), shapes);
                lastGood = done;
            }
        }
        if (end == t.steps()) {
            // With a weight average, the trained model is the average.
            try (ResNet scored = averaged(net, layout, average)) {
                Weights.save(
                        out.resolve(MODEL), scored == null ? net : scored, Map.of("tonno.steps", Long.toString(end)));
            }
        }
        return new Result(end, lastValidation, best.chosen);
    }

    /**
     * Keeps {@link #BEST}: the weights of the highest validation volume AUC so far. A resumed run starts from the AUC
     * stored in the file it left, so a validation repeated after the resume (the same value, by determinism) does not
     * count as better; a new run starts from nothing and replaces any older file at its first validation.
     */
    private static final class Best {
        private static final String STEPS = "tonno.steps";
        private static final String AUC = "tonno.valVolumeAuc";
        private final Path file;
        private BestValidation chosen;

        Best(Path file, boolean resumed) throws IOException, InvalidInputException {
            this.file = file;
            if (resumed && Files.exists(file)) {
                Map<String, String> meta = SafeTensors.readHeader(file).metadata();
                chosen = new BestValidation(Long.parseLong(stored(meta, STEPS)), Double.parseDouble(stored(meta, AUC)));
            }
        }

        private String stored(Map<String, String> meta, String key) throws InvalidInputException {
            String v = meta.get(key);
            if (v == null) {
                throw new InvalidInputException(file.toString(), "__metadata__." + key, "missing");
            }
            return v;
        }

        void offer(ResNet net, long step, Validation v) throws IOException {
            if (Double.isFinite(v.volumeAuc()) && (chosen == null || v.volumeAuc() > chosen.volumeAuc())) {
                chosen = new BestValidation(step, v.volumeAuc());
                Weights.save(file, net, Map.of(STEPS, Long.toString(step), AUC, Double.toString(v.volumeAuc())));
            }
        }
    }

    /** A network holding the weight average's values (closed by the caller), or {@code null} without an average. */
    private ResNet averaged(ResNet net, ResNetLayout layout, WeightAverage average) {
        if (average == null) {
            return null;
        }
        return new ResNet(
                layout, InputNormalization.parse(config.model().inputNormalization()), net.device(), average.values());
    }

    /** Validates after {@code step} completed steps, writes the metrics line and tells the listener. */
    private Validation validateAndLog(ResNet net, int threads, long step, MetricsLog metrics, Listener listener)
            throws IOException {
        Validation v = validate(net, threads);
        metrics.validation(
                step,
                v.sliceAuc(),
                v.volumeAuc(),
                v.balancedAccuracy(),
                v.meanVolumeAuc(),
                v.lesionSliceAuc(),
                v.perfectDetectorSliceAuc());
        listener.validation(step, v);
        return v;
    }

    private ArithmeticException diverged(long step, String what, long lastGood) {
        return new ArithmeticException("training diverged at step " + step + ": " + what + "; the last good checkpoint "
                + (lastGood > 0
                        ? "(step " + lastGood + ") is kept at " + out.resolve(CHECKPOINT)
                        : "does not exist yet")
                + "; lower training.learningRate or check the input intensities");
    }

    /** AdamW over the network's trainable tensors, with weight decay on conv and fc weights only. */
    static AdamW optimizer(ResNet net, double weightDecay, NDManager memory) {
        AdamW adam = new AdamW(weightDecay, memory);
        for (ParameterSpec p : net.trainable()) {
            boolean decay = p.role() == ParameterSpec.Role.CONV_WEIGHT || p.role() == ParameterSpec.Role.FC_WEIGHT;
            adam.register(p.name(), net.tensor(p.name()), decay);
        }
        return adam;
    }

    /** One forward/backward pass; returns the loss. Gradients land on the network's tensors. */
    static float trainStep(
            ResNet net,
            SliceSampler.Batch batch,
            int size,
            HostInput input,
            WeakLabelLoss lossFn,
            int slicesPerVolume) {
        return trainStep(
                net,
                m -> input.wrap(
                        m, batch.pixels(), 0, batch.count() * size * size, new Shape(batch.count(), 1, size, size)),
                batch.labels(),
                lossFn,
                slicesPerVolume);
    }

    /**
     * One forward/backward pass on the {@code (count, 1, S, S)} batch that {@code pixels} makes in the step's
     * manager; returns the loss.
     */
    static float trainStep(
            ResNet net,
            Function<NDManager, NDArray> pixels,
            float[] labels,
            WeakLabelLoss lossFn,
            int slicesPerVolume) {
        try (NDManager m = NDManager.newBaseManager(net.device());
                GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray x = pixels.apply(m);
            NDArray y = m.create(labels, new Shape(labels.length, 1));
            NDArray logits = net.forward(net.prepareInput(x));
            NDArray loss = lossFn.apply(logits, y, slicesPerVolume);
            gc.backward(loss);
            return loss.getFloat();
        }
    }

    /** Scores every validation volume on its fixed planes; BN in eval mode; no RNG consumed. */
    Validation validate(ResNet net, int threads) {
        int size = config.model().sliceSize();
        ValidationPlanes scheme = ValidationPlanes.parse(config.training().validationPlanes());
        int budget = config.training().validationSlicesPerVolume();
        int count = scheme.planes(budget);
        int n = validation.size();
        double[] sliceScores = new double[n * count];
        float[] sliceLabels = new float[n * count];
        double[] volumeScores = new double[n];
        double[] meanScores = new double[n];
        float[] volumeLabels = new float[n];
        float[] pixels = new float[count * size * size];
        double[] scores = new double[count];
        boolean masks = validation.stream().allMatch(c -> c.mask() != null);
        float[] lesionLabels = new float[n * count];
        float[] maskPixels = masks ? new float[count * size * size] : null;
        ModelSliceScorer scorer = new ModelSliceScorer(net, SCORE_BATCH, false);
        for (int i = 0; i < n; i++) {
            Volume v = validation.get(i).volume();
            // Offsets drawn over the same support as the training planes': over the brain with foreground offsets.
            List<SlicePlane> planes = scheme.of(
                    "foreground".equals(config.training().planeOffsets())
                            ? ForegroundSupport.of(v)
                            : NonZeroExtent.of(v),
                    budget);
            new Slicer(v).slices(planes, size, size, pixels, threads);
            scorer.score(pixels, count, size, size, scores);
            if (masks) {
                new Slicer(validation.get(i).mask()).slices(planes, size, size, maskPixels, threads);
            }
            double sum = 0;
            for (int k = 0; k < count; k++) {
                sliceScores[i * count + k] = scores[k];
                sliceLabels[i * count + k] = validation.get(i).label();
                if (masks) {
                    lesionLabels[i * count + k] = cutsLesion(maskPixels, k * size * size, size * size) ? 1f : 0f;
                }
                sum += scores[k];
            }
            meanScores[i] = sum / count;
            volumeScores[i] = scheme.volumeScore(scores, budget);
            volumeLabels[i] = validation.get(i).label();
        }
        return new Validation(
                Metrics.auc(sliceScores, sliceLabels),
                Metrics.auc(volumeScores, volumeLabels),
                Metrics.balancedAccuracy(volumeScores, volumeLabels, 0),
                volumeScores,
                Metrics.auc(meanScores, volumeLabels),
                masks ? Metrics.auc(sliceScores, lesionLabels) : Double.NaN,
                masks ? perfectDetectorSliceAuc(sliceLabels, lesionLabels) : Double.NaN);
    }

    private static boolean cutsLesion(float[] mask, int from, int count) {
        for (int p = from; p < from + count; p++) {
            if (mask[p] >= 0.5f) {
                return true;
            }
        }
        return false;
    }
}
