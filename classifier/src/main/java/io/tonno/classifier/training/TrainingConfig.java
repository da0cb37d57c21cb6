package io.tonno.classifier.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.tonno.classifier.inference.Devices;
import io.tonno.classifier.inference.Slicing;
import io.tonno.classifier.nn.Architecture;
import io.tonno.classifier.nn.InitScheme;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.sampling.Augmentation;
import io.tonno.classifier.sampling.SyntheticLesions;
import io.tonno.classifier.weights.Weights;
import io.tonno.imaging.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The training spec ({@code tonno train --config spec.json}): a {@code model} section, a
 * {@code training} section and an optional {@code augmentation} section ({@link Augmentation}). Absent
 * fields take the defaults below; unknown fields are errors. {@link #validate(String)} checks every range
 * and names the offending field.
 *
 * @param model        the network
 * @param training     the optimisation loop
 * @param augmentation slice augmentation ranges; default {@link Augmentation#DEFAULT}
 * @param pretext      the self-supervised task of {@code tonno pretrain} ({@link SyntheticLesions}); absent (null) for
 *                     supervised training, where it is an error
 * @param synthesis    lesion synthesis in supervised training: slices of negative volumes get a synthetic lesion
 *                     ({@link SyntheticLesions}: its {@code probability} is the share of those slices) and label 1;
 *                     slices of positive volumes keep their volume's label. Absent (null, the default): none. Needs
 *                     the per-slice loss, and no {@code pretext}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingConfig(
        Model model,
        Training training,
        Augmentation augmentation,
        SyntheticLesions pretext,
        SyntheticLesions synthesis) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public TrainingConfig {
        model = model == null ? new Model(null, null, null, null, null, null, null, null) : model;
        training = training == null ? Training.defaults() : training;
        augmentation = augmentation == null ? Augmentation.DEFAULT : augmentation;
    }

    /** A supervised training spec (no pretext task, no lesion synthesis). */
    public TrainingConfig(Model model, Training training, Augmentation augmentation) {
        this(model, training, augmentation, null, null);
    }

    /** A spec with a pretext task (null: supervised) and no lesion synthesis. */
    public TrainingConfig(Model model, Training training, Augmentation augmentation, SyntheticLesions pretext) {
        this(model, training, augmentation, pretext, null);
    }

    /** This spec for {@code tonno pretrain}: the given pretext task ({@link SyntheticLesions#DEFAULT} when null). */
    public TrainingConfig withPretext(SyntheticLesions task) {
        return new TrainingConfig(model, training, augmentation, task == null ? SyntheticLesions.DEFAULT : task, null);
    }

    /** This supervised spec with lesion synthesis {@code task} (null: none). */
    public TrainingConfig withSynthesis(SyntheticLesions task) {
        return new TrainingConfig(model, training, augmentation, pretext, task);
    }

    /** The synthetic-lesion task that changes the slices of training step {@code step}: the pretext, else the synthesis. */
    SyntheticLesions blobsAt(long step) {
        SyntheticLesions task = pretext != null ? pretext : synthesis;
        return task == null ? null : task.atStep(step);
    }

    /**
     * @param arch               {@code resnet10t} (default), {@code resnet10t-hr} or {@code resnet50}
     * @param norm               {@code bn}, {@code frozen-bn} or {@code gn}; default {@code bn} (learns from scratch where
     *                           group norm did not, docs/classifier.md) without {@code weights}, and the weights file's own with them (null here until
     *                           {@link #load} or the trainer reads it: {@link Weights#resolveNorm}); ImageNet files
     *                           do not say which batch norm, so set {@code frozen-bn} as the paper does
     * @param weights            safetensors file with timm names to start from; default none (timm's random init)
     * @param sliceSize          slice height and width in pixels; default 64; [16, 1024]
     * @param inputNormalization {@code none} (default) or {@code imagenet}
     * @param device             {@code cpu} (default) or {@code gpu:N}
     * @param init               how a network without {@code weights} is initialised ({@link InitScheme}):
     *                           {@code timm} (default) or {@code pytorch}; ignored with {@code weights}
     * @param slicing            where training batches are cut and intensity-augmented ({@link Slicing}): {@code auto}
     *                           (absent, null: {@code device} on a GPU, {@code host} on the CPU, for {@code tonno
     *                           pretrain} and with {@code augmentation.portable} false), {@code host} (Java,
     *                           multi-threaded) or {@code device} ({@link DeviceBatches}: only the planes and per-slice
     *                           parameters cross to the device); {@code device} needs the portable augmentation
     *                           ({@link Augmentation#portable})
     */
    public record Model(
            String arch,
            String norm,
            String weights,
            Integer sliceSize,
            String inputNormalization,
            String device,
            String init,
            String slicing) {
        public Model {
            arch = arch == null ? "resnet10t" : arch;
            norm = norm == null && weights == null ? "bn" : norm;
            sliceSize = sliceSize == null ? 64 : sliceSize;
            inputNormalization = inputNormalization == null ? "none" : inputNormalization;
            device = device == null ? "cpu" : device;
            init = init == null ? InitScheme.TIMM.id() : init;
        }

        /** A model with the default {@link InitScheme}. */
        public Model(
                String arch, String norm, String weights, Integer sliceSize, String inputNormalization, String device) {
            this(arch, norm, weights, sliceSize, inputNormalization, device, null, null);
        }
    }

    /**
     * @param steps                      optimiser steps; default 1000; >= 1
     * @param volumesPerBatch            {@code B}, volumes drawn with replacement per step; default 8; >= 1
     * @param slicesPerVolume            {@code M_train}, slices per drawn volume; default 8; >= 1
     * @param learningRate               peak AdamW learning rate; default 1e-3; (0, 1]
     * @param weightDecay                AdamW decoupled weight decay on conv and fc weights; default 0.05; [0, 1)
     * @param warmupSteps                linear warm-up from lr/warmup to lr; default 50; [0, steps)
     * @param checkpointInterval         steps between checkpoints (one is also written at the end); default 100; >= 1
     * @param validationInterval         steps between validations (and at the end) when a validation split exists; default 100; >= 1
     * @param validationSlicesPerVolume  fixed planes per validation volume (the budget that {@code validationPlanes}
     *                                   divides among its normals); default 64; >= 2
     * @param logInterval                steps between training lines in metrics.jsonl; default 10; >= 1
     * @param seed                       seeds initialisation and sampling; default 0
     * @param threads                    PyTorch intra-op and slicing threads (0 = all cores); default 0; fix it for
     *                                   bit-reproducible runs
     * @param loss                       {@code slice} (default: the paper's binary cross-entropy of every slice against
     *                                   its volume's label), {@code lse} or {@code noisy-or} (multiple-instance pooling of
     *                                   the {@code slicesPerVolume} logits of each drawn volume into one volume logit,
     *                                   scored against the volume label; see {@link WeakLabelLoss})
     * @param lseSharpness               {@code r} of the log-sum-exp pooling {@code (1/r)·log(mean exp(r·z))}: near 0 it
     *                                   is the mean logit, large it is the maximum; default 5; (0, 100]
     * @param balancedBatches            draw positive and negative volumes alternately (equal counts per step, one
     *                                   more of a class drawn at random when {@code volumesPerBatch} is odd) instead
     *                                   of uniformly over all volumes; default false
     * @param planeOffsets               {@code box} (default): a plane's offset is uniform over the range where it meets
     *                                   the non-zero bounding box; {@code foreground}: over the range where it meets the
     *                                   non-zero voxels themselves, so oblique planes through the box's empty corners
     *                                   are not drawn ({@link io.tonno.classifier.sampling.ForegroundSupport}); the
     *                                   fixed validation planes are spread over the same range
     * @param emaDecay                   decay {@code d} of an exponential moving average of the network's tensors
     *                                   (parameters and batch-norm statistics), updated after every step as
     *                                   {@code a ← d_t·a + (1 − d_t)·w} with {@code d_t = min(d, (1 + t)/(10 + t))}
     *                                   at step {@code t}; validation and {@code model.safetensors} then use the
     *                                   average, training continues on the raw weights. Default 0: off; [0, 1)
     * @param validationPlanes           how a validation volume is cut and scored ({@link ValidationPlanes}): {@code
     *                                   sweep:K} ({@code K} normals, each swept by {@code ⌊validationSlicesPerVolume/K⌋
     *                                   >= 2} parallel planes; the volume score is the mean of the sweeps' maxima) or
     *                                   {@code lattice} (one plane per normal, the top eighth's mean); default {@code
     *                                   sweep:4}
     */
    public record Training(
            Integer steps,
            Integer volumesPerBatch,
            Integer slicesPerVolume,
            Double learningRate,
            Double weightDecay,
            Integer warmupSteps,
            Integer checkpointInterval,
            Integer validationInterval,
            Integer validationSlicesPerVolume,
            Integer logInterval,
            Long seed,
            Integer threads,
            String loss,
            Double lseSharpness,
            Boolean balancedBatches,
            String planeOffsets,
            Double emaDecay,
            String validationPlanes) {
        /** All defaults: the paper's per-slice loss and box offsets. */
        public static Training defaults() {
            return new Training(
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null);
        }

        /** This loop with the weak-label options replaced. */
        public Training withWeakLabels(String loss, Double lseSharpness, Boolean balancedBatches, String planeOffsets) {
            return new Training(
                    steps,
                    volumesPerBatch,
                    slicesPerVolume,
                    learningRate,
                    weightDecay,
                    warmupSteps,
                    checkpointInterval,
                    validationInterval,
                    validationSlicesPerVolume,
                    logInterval,
                    seed,
                    threads,
                    loss,
                    lseSharpness,
                    balancedBatches,
                    planeOffsets,
                    emaDecay,
                    validationPlanes);
        }

        public Training {
            steps = steps == null ? 1000 : steps;
            volumesPerBatch = volumesPerBatch == null ? 8 : volumesPerBatch;
            slicesPerVolume = slicesPerVolume == null ? 8 : slicesPerVolume;
            learningRate = learningRate == null ? 1e-3 : learningRate;
            weightDecay = weightDecay == null ? 0.05 : weightDecay;
            warmupSteps = warmupSteps == null ? 50 : warmupSteps;
            checkpointInterval = checkpointInterval == null ? 100 : checkpointInterval;
            validationInterval = validationInterval == null ? 100 : validationInterval;
            validationSlicesPerVolume = validationSlicesPerVolume == null ? 64 : validationSlicesPerVolume;
            logInterval = logInterval == null ? 10 : logInterval;
            seed = seed == null ? 0L : seed;
            threads = threads == null ? 0 : threads;
            loss = loss == null ? "slice" : loss;
            lseSharpness = lseSharpness == null ? 5.0 : lseSharpness;
            balancedBatches = balancedBatches == null ? Boolean.FALSE : balancedBatches;
            planeOffsets = planeOffsets == null ? "box" : planeOffsets;
            emaDecay = emaDecay == null ? 0.0 : emaDecay;
            validationPlanes = validationPlanes == null ? ValidationPlanes.DEFAULT.toString() : validationPlanes;
        }
    }

    /**
     * Where training batches are cut: {@code model.slicing} with {@code auto} resolved for {@code model.device}
     * (the device on a GPU), except that {@code auto} is the host for a pretext task and with {@code
     * augmentation.portable} false and with lesion synthesis.
     */
    public Slicing batchSlicing() {
        Slicing s = slicingSetting();
        if (s == Slicing.AUTO
                && (pretext != null || synthesis != null || Boolean.FALSE.equals(augmentation.portable()))) {
            return Slicing.HOST;
        }
        return s.on(Devices.parse(model.device()));
    }

    /**
     * Whether the intensity augmentation takes its {@link io.tonno.classifier.sampling.PortableIntensity} form:
     * {@code augmentation.portable}, or when absent, whether batches are cut on the device.
     */
    public boolean portableAugmentation() {
        return augmentation.portable() != null ? augmentation.portable() : batchSlicing() == Slicing.DEVICE;
    }

    /**
     * This config as a run of it would have written it into {@code saved}'s checkpoint: {@code model.device} and {@code
     * model.slicing} taken from {@code saved}, and {@code augmentation.portable} too where this config leaves it
     * absent (a resumed run compares its config with the checkpoint's so).
     */
    public TrainingConfig placedOn(TrainingConfig saved) {
        return with(
                model.norm(),
                saved.model().device(),
                saved.model().slicing(),
                augmentation.portable() != null
                        ? augmentation.portable()
                        : saved.augmentation().portable());
    }

    /** This config with the augmentation's form stated ({@code augmentation.portable} set). */
    public TrainingConfig withPortable(boolean portable) {
        return with(model.norm(), model.device(), model.slicing(), portable);
    }

    /** {@code model.slicing}, absent read as {@code auto}. */
    private Slicing slicingSetting() {
        return Slicing.parse(model.slicing() == null ? "auto" : model.slicing());
    }

    private TrainingConfig with(String norm, String device, String slicing, Boolean portable) {
        Model m = new Model(
                model.arch(),
                norm,
                model.weights(),
                model.sliceSize(),
                model.inputNormalization(),
                device,
                model.init(),
                slicing);
        return new TrainingConfig(m, training, augmentation.withPortable(portable), pretext, synthesis);
    }

    /** Reads and validates a spec file. */
    public static TrainingConfig load(Path file) throws IOException, InvalidInputException {
        TrainingConfig c;
        try {
            c = JSON.readValue(Files.readString(file), TrainingConfig.class);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String why = e instanceof UnrecognizedPropertyException
                    ? "unknown field"
                    : e instanceof MismatchedInputException
                            ? "wrong type: " + e.getOriginalMessage()
                            : e.getOriginalMessage();
            throw new InvalidInputException(file.toString(), path.isEmpty() ? "(root)" : path, why, e);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "(root)", "is not valid JSON: " + e.getMessage(), e);
        }
        if (c == null) {
            throw new InvalidInputException(file.toString(), "(root)", "is empty");
        }
        c.validate(file.toString());
        return c.withNormOfWeights();
    }

    /**
     * This spec with {@code model.norm} checked against the {@code model.weights} file ({@link Weights#resolveNorm}),
     * and taken from it when absent; unchanged without weights.
     *
     * @throws InvalidInputException naming the weights file when the norm contradicts it or cannot be read from it
     */
    public TrainingConfig withNormOfWeights() throws IOException, InvalidInputException {
        if (model.weights() == null) {
            return this;
        }
        NormKind norm = Weights.resolveNorm(
                Path.of(model.weights()), model.norm() == null ? null : NormKind.parse(model.norm()), "model.norm");
        return with(norm.id(), model.device(), model.slicing(), augmentation.portable());
    }

    /** This config as JSON (all defaults filled in), as stored in checkpoints. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the training config", e);
        }
    }

    /** Parses JSON written by {@link #toJson()}. */
    public static TrainingConfig fromJson(String json, String source) throws InvalidInputException {
        try {
            TrainingConfig c = JSON.readValue(json, TrainingConfig.class);
            c.validate(source);
            return c;
        } catch (IOException e) {
            throw new InvalidInputException(source, "config", "is not a valid training config: " + e.getMessage(), e);
        }
    }

    /** Checks every field; the exception names {@code source} and the field, e.g. {@code training.steps}. */
    public void validate(String source) throws InvalidInputException {
        parsed(source, "model.arch", () -> Architecture.parse(model.arch()));
        if (model.norm() != null || model.weights() == null) {
            parsed(source, "model.norm", () -> NormKind.parse(model.norm()));
        }
        parsed(source, "model.inputNormalization", () -> InputNormalization.parse(model.inputNormalization()));
        parsed(source, "model.device", () -> Devices.parse(model.device()));
        parsed(source, "model.init", () -> InitScheme.parse(model.init()));
        range(source, "model.sliceSize", model.sliceSize(), 16, 1024);
        Slicing slicing = parsed(source, "model.slicing", this::slicingSetting);
        if (slicing == Slicing.DEVICE && (pretext != null || synthesis != null)) {
            throw new InvalidInputException(
                    source,
                    "model.slicing",
                    (pretext != null ? "pretraining" : "lesion synthesis")
                            + " draws its blobs on the host; must be host or auto");
        }
        if (batchSlicing() == Slicing.DEVICE && Boolean.FALSE.equals(augmentation.portable())) {
            throw new InvalidInputException(
                    source,
                    "augmentation.portable",
                    "batches cut on the device need the portable intensity augmentation; must be true or absent");
        }
        Training t = training;
        range(source, "training.steps", t.steps(), 1, Integer.MAX_VALUE);
        range(source, "training.volumesPerBatch", t.volumesPerBatch(), 1, 1 << 16);
        range(source, "training.slicesPerVolume", t.slicesPerVolume(), 1, 1 << 16);
        if (!(t.learningRate() > 0 && t.learningRate() <= 1)) {
            throw new InvalidInputException(
                    source, "training.learningRate", "must be in (0, 1], got " + t.learningRate());
        }
        if (!(t.weightDecay() >= 0 && t.weightDecay() < 1)) {
            throw new InvalidInputException(
                    source, "training.weightDecay", "must be in [0, 1), got " + t.weightDecay());
        }
        range(source, "training.warmupSteps", t.warmupSteps(), 0, t.steps() - 1);
        range(source, "training.checkpointInterval", t.checkpointInterval(), 1, Integer.MAX_VALUE);
        range(source, "training.validationInterval", t.validationInterval(), 1, Integer.MAX_VALUE);
        range(source, "training.validationSlicesPerVolume", t.validationSlicesPerVolume(), 2, 1 << 16);
        ValidationPlanes planes =
                parsed(source, "training.validationPlanes", () -> ValidationPlanes.parse(t.validationPlanes()));
        parsed(source, "training.validationPlanes", () -> planes.planes(t.validationSlicesPerVolume()));
        range(source, "training.logInterval", t.logInterval(), 1, Integer.MAX_VALUE);
        range(source, "training.threads", t.threads(), 0, 1024);
        parsed(source, "training.loss", () -> WeakLabelLoss.Kind.parse(t.loss()));
        if (!(t.lseSharpness() > 0 && t.lseSharpness() <= 100)) {
            throw new InvalidInputException(
                    source, "training.lseSharpness", "must be in (0, 100], got " + t.lseSharpness());
        }
        if (!(t.emaDecay() >= 0 && t.emaDecay() < 1)) {
            throw new InvalidInputException(source, "training.emaDecay", "must be in [0, 1), got " + t.emaDecay());
        }
        if (!t.planeOffsets().equals("box") && !t.planeOffsets().equals("foreground")) {
            throw new InvalidInputException(
                    source, "training.planeOffsets", "must be box or foreground, got " + t.planeOffsets());
        }
        augmentation.validate(source, "augmentation.");
        if (synthesis != null) {
            synthesis.validate(source, "synthesis.");
            if (pretext != null) {
                throw new InvalidInputException(
                        source, "synthesis", "pretraining labels every slice by its blob; remove synthesis or pretext");
            }
            if (!"slice".equals(t.loss())) {
                throw new InvalidInputException(
                        source,
                        "training.loss",
                        "lesion synthesis labels single slices of negative volumes; must be slice, got " + t.loss());
            }
        }
        if (pretext != null) {
            pretext.validate(source, "pretext.");
            if (!"slice".equals(t.loss())) {
                throw new InvalidInputException(
                        source,
                        "training.loss",
                        "pretraining labels each slice itself; must be slice, got " + t.loss());
            }
            if (t.balancedBatches()) {
                throw new InvalidInputException(
                        source, "training.balancedBatches", "pretraining reads no volume labels; must be false");
            }
        }
    }

    /** {@code parse}'s value; its {@link IllegalArgumentException} becomes one naming {@code source} and {@code field}. */
    private static <T> T parsed(String source, String field, Supplier<T> parse) throws InvalidInputException {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source, field, e.getMessage());
        }
    }

    private static void range(String source, String field, int v, int lo, int hi) throws InvalidInputException {
        if (v < lo || v > hi) {
            throw new InvalidInputException(source, field, "must be in [" + lo + ", " + hi + "], got " + v);
        }
    }
}
