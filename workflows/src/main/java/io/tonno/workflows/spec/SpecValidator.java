package io.tonno.workflows.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an {@link ExperimentSpec} against the bounds that keep an experiment meaningful and protect
 * the cluster (Temporal history size, GPU time, memory). Every problem is reported at once, each as
 * {@code json.path: what is wrong, got X}, e.g. {@code methods[2].directions: must be between 1 and
 * 20000, got 0}. Pure and deterministic, so it runs inside workflow code.
 */
public final class SpecValidator {
    /** Largest number of lattice directions L of a method. */
    public static final int MAX_DIRECTIONS = 20_000;
    /** Bounds of the number of slice offsets M. */
    public static final int MIN_SLICES = 3;

    public static final int MAX_SLICES = 1_000;
    /** Bounds of slice sizes (pixels per side). */
    public static final int MIN_SLICE_SIZE = 8;

    public static final int MAX_SLICE_SIZE = 512;
    /** Largest L * M: slices scored per volume and method, about 25 GPU-minutes at 224^2 on one GPU. */
    public static final long MAX_DIRECTIONS_TIMES_SLICES = 4_000_000L;
    /** Largest number of chunks per reconstruction; each chunk adds events to the child's history. */
    public static final int MAX_CHUNKS = 2_000;

    public static final int MAX_STEPS = 1_000_000;
    public static final int MAX_VOLUMES_PER_BATCH = 256;
    public static final int MAX_SLICES_PER_VOLUME = 256;
    /** Largest slices per training step (volumesPerBatch * slicesPerVolume), bounded by GPU memory. */
    public static final int MAX_BATCH = 4_096;
    /** The trainer's default {@code training.validationSlicesPerVolume} (a test holds them equal). */
    public static final int VALIDATION_PLANES = 64;

    public static final int MAX_METHODS = 32;
    public static final int MAX_IN_FLIGHT = 256;

    private static final Pattern EXPERIMENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern DEVICE = Pattern.compile("auto|cpu|gpu|gpu:[0-9]{1,2}");
    private static final Set<String> METHODS =
            Set.of("tonno", "gradcam", "layercam", "gradcampp", "scorecam", "averaged", "tomographic");

    private final List<String> problems = new ArrayList<>();

    private SpecValidator() {}

    /** All problems of {@code spec}, in field order; empty when the spec is valid. */
    public static List<String> problems(ExperimentSpec spec) {
        SpecValidator v = new SpecValidator();
        if (spec == null) {
            v.problems.add("$: the experiment spec is missing");
        } else {
            v.check(spec);
        }
        return List.copyOf(v.problems);
    }

    private void check(ExperimentSpec s) {
        unknown("", s.unknownFields());
        if (s.experimentId() == null
                || !EXPERIMENT_ID.matcher(s.experimentId()).matches()
                || s.experimentId().startsWith(".")
                || s.experimentId().contains("..")) {
            add(
                    "experimentId",
                    "must match [A-Za-z0-9._-]{1,64}, not start with '.' and not contain '..'",
                    s.experimentId() == null ? null : quoted(s.experimentId()));
        }
        if (s.dataset() == null || s.dataset().isBlank()) {
            add("dataset", "is required (artifact-store key or path of dataset.json)", s.dataset());
        } else if (s.dataset().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            add("dataset", "must not contain control characters", quoted(s.dataset()));
        } else if (!s.dataset().endsWith(".json") && !s.dataset().endsWith(".csv")) {
            // A worker reads this file: a manifest name keeps a pasted spec from pointing it at any other file.
            add("dataset", "must name a dataset manifest ending in .json or .csv", quoted(s.dataset()));
        }
        if (s.preprocessing().isBlank()) {
            add("preprocessing", "must name a preset", s.preprocessing());
        }
        model(s.model());
        training(s.training(), s.model());
        methods(s.methods(), s.fanout(), s.model());
        binarization(s.binarization());
        evaluation(s.evaluation());
        fanout(s.fanout());
    }

    private void model(ModelSpec m) {
        unknown("model.", m.unknownFields());
        oneOf("model.arch", m.arch(), Set.of("resnet10t", "resnet10t-hr", "resnet50"));
        if (m.norm() != null) {
            oneOf("model.norm", m.norm(), Set.of("bn", "frozen-bn", "gn"));
        }
        if (m.file() != null) {
            broughtModel(m);
        } else {
            if (m.format() != null) {
                add("model.format", "describes a brought model.file; without model.file remove it", m.format());
            }
            if (m.positiveIndex() != null) {
                add(
                        "model.positiveIndex",
                        "describes a brought model.file; without model.file remove it",
                        m.positiveIndex());
            }
            if (m.channels() != 3) {
                add(
                        "model.channels",
                        "the project's ResNet takes 3 channels; only a brought network may take 1",
                        m.channels());
            }
        }
        if (m.weights() != null && m.weights().isBlank()) {
            add("model.weights", "must be a file path or omitted", m.weights());
        }
        range("model.sliceSize", m.sliceSize(), MIN_SLICE_SIZE, MAX_SLICE_SIZE);
        oneOf("model.inputNormalization", m.inputNormalization(), Set.of("imagenet", "none"));
        oneOf("model.init", m.init(), Set.of("timm", "pytorch"));
        if (!DEVICE.matcher(m.device()).matches()) {
            add("model.device", "must be auto, cpu, gpu or gpu:N", m.device());
        }
        oneOf("model.scoringEngine", m.scoringEngine(), Set.of("auto", "pytorch", "onnxruntime"));
        if ("onnxruntime".equals(m.scoringEngine()) && m.device().startsWith("gpu")) {
            add(
                    "model.scoringEngine",
                    "onnxruntime scores on the CPU only, but model.device is " + m.device() + "; use pytorch or auto",
                    m.scoringEngine());
        }
        oneOf("model.slicing", m.slicing(), Set.of("auto", "host", "device"));
        if ("device".equals(m.slicing())
                && ("onnxruntime".equals(m.scoringEngine())
                        || ("auto".equals(m.scoringEngine()) && "cpu".equals(m.device())))) {
            add(
                    "model.slicing",
                    "slices cut on the device feed the pytorch scoring engine only, but model.scoringEngine "
                            + m.scoringEngine() + " scores with onnxruntime on model.device " + m.device()
                            + "; set model.scoringEngine to pytorch, or slicing to host or auto",
                    m.slicing());
        }
        if (!"auto".equals(m.slicing()) && !m.exposesLayers()) {
            add(
                    "model.slicing",
                    "chooses where the project's ResNet's slices are cut; a brought " + m.resolvedFormat()
                            + " network takes host slices: remove it",
                    m.slicing());
        }
        if (!"auto".equals(m.scoringEngine()) && !m.exposesLayers()) {
            add(
                    "model.scoringEngine",
                    "chooses how the project's ResNet is scored; a brought " + m.resolvedFormat()
                            + " network runs on its own format's engine: remove it",
                    m.scoringEngine());
        }
    }

    /** A trained model the spec brings ({@code model.file}). */
    private void broughtModel(ModelSpec m) {
        if (m.file().isBlank() || m.file().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            add("model.file", "must be a file path or an artifact-store key", quoted(m.file()));
            return;
        }
        if (m.weights() != null) {
            add(
                    "model.weights",
                    "pretrained weights start a training run, but model.file brings a trained model and nothing is"
                            + " trained; leave one out",
                    quoted(m.weights()));
        }
        String format = m.resolvedFormat();
        if (format == null) {
            add(
                    "model.format",
                    "cannot tell the format of model.file from its name (.safetensors, .pt or .onnx); give one of"
                            + " safetensors, torchscript, onnx",
                    null);
            return;
        }
        oneOf("model.format", format, Set.of("safetensors", "torchscript", "onnx"));
        if (format.equals("safetensors")) {
            if (m.channels() != 3) {
                add("model.channels", "the project's ResNet (safetensors) takes 3 channels", m.channels());
            }
            if (m.positiveIndex() != null) {
                add("model.positiveIndex", "the project's ResNet has one logit; remove it", m.positiveIndex());
            }
            return;
        }
        if (m.channels() != 1 && m.channels() != 3) {
            add("model.channels", "must be 1 or 3", m.channels());
        } else if (m.channels() == 1 && "imagenet".equals(m.inputNormalization())) {
            add(
                    "model.inputNormalization",
                    "imagenet normalizes three channels; with model.channels 1 use none",
                    m.inputNormalization());
        }
        if (m.positiveIndex() != null) {
            range("model.positiveIndex", m.positiveIndex(), 0, 1_000_000);
        }
    }

    private void training(TrainingSpec t, ModelSpec m) {
        unknown("training.", t.unknownFields());
        range("training.steps", t.steps(), 1, MAX_STEPS);
        range("training.volumesPerBatch", t.volumesPerBatch(), 1, MAX_VOLUMES_PER_BATCH);
        range("training.slicesPerVolume", t.slicesPerVolume(), 1, MAX_SLICES_PER_VOLUME);
        if ((long) t.volumesPerBatch() * t.slicesPerVolume() > MAX_BATCH) {
            add(
                    "training.slicesPerVolume",
                    "volumesPerBatch * slicesPerVolume must be at most " + MAX_BATCH,
                    (long) t.volumesPerBatch() * t.slicesPerVolume());
        }
        if (!(t.learningRate() > 0 && t.learningRate() <= 1)) {
            add("training.learningRate", "must be in (0, 1]", t.learningRate());
        }
        if (!(t.weightDecay() >= 0 && t.weightDecay() <= 1)) {
            add("training.weightDecay", "must be in [0, 1]", t.weightDecay());
        }
        range("training.warmupSteps", t.warmupSteps(), 0, t.steps());
        range("training.checkpointInterval", t.checkpointInterval(), 1, Math.max(1, t.steps()));
        range("training.validationInterval", t.validationInterval(), 0, Math.max(0, t.steps()));
        oneOf("training.loss", t.loss(), Set.of("slice", "lse", "noisy-or"));
        if (t.emaDecay() != null && !(t.emaDecay() >= 0 && t.emaDecay() < 1)) {
            add("training.emaDecay", "must be in [0, 1)", t.emaDecay());
        }
        if (t.validationSlicesPerVolume() != null) {
            range("training.validationSlicesPerVolume", t.validationSlicesPerVolume(), 2, 1 << 16);
        }
        validationPlanes(t.validationPlanes(), t.validationSlicesPerVolume());
        if (Boolean.FALSE.equals(t.portableAugmentation()) && "device".equals(m.slicing())) {
            add(
                    "training.portableAugmentation",
                    "batches cut on the device (model.slicing device) need the portable augmentation; remove it or"
                            + " set model.slicing to host or auto",
                    t.portableAugmentation());
        }
        if (!(t.lseSharpness() > 0 && t.lseSharpness() <= 100)) {
            add("training.lseSharpness", "must be in (0, 100]", t.lseSharpness());
        }
        oneOf("training.planeOffsets", t.planeOffsets(), Set.of("box", "foreground"));
        if (t.segmentSteps() < 1 || t.checkpointInterval() < 1 || t.segmentSteps() % t.checkpointInterval() != 0) {
            add(
                    "training.segmentSteps",
                    "must be a positive multiple of checkpointInterval (" + t.checkpointInterval() + ")",
                    t.segmentSteps());
        }
    }

    private void methods(List<MethodSpec> methods, FanoutSpec fanout, ModelSpec model) {
        if (methods.isEmpty()) {
            add("methods", "must list at least one method", "[]");
            return;
        }
        if (methods.size() > MAX_METHODS) {
            // One line, not one problem per entry: a pasted list of thousands of methods must not make a
            // message (and a failure in the history) of thousands of lines.
            add("methods", "must list at most " + MAX_METHODS + " methods", methods.size());
            return;
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < methods.size(); i++) {
            String at = "methods[" + i + "]";
            MethodSpec m = methods.get(i);
            if (m == null) {
                add(at, "must be an object", "null");
                continue;
            }
            unknown(at + ".", m.unknownFields());
            if (m.name() == null || !METHODS.contains(m.name())) {
                add(at + ".name", "must be one of " + sorted(METHODS), m.name());
                continue;
            }
            method(at, m, fanout);
            if (!"tonno".equals(m.name()) && !model.exposesLayers()) {
                add(
                        at + ".name",
                        m.name() + " needs the activations of a layer (layer1..layer4), which only the project's ResNet"
                                + " (model.format safetensors) exposes; the " + model.resolvedFormat()
                                + " network of model.file exposes none: use tonno, or bring the ResNet's safetensors"
                                + " weights",
                        m.name());
            }
            if (m.label() != null && !LABEL.matcher(m.label()).matches()) {
                add(at + ".label", "must match [a-z0-9][a-z0-9-]{0,63}", m.label());
            } else if (!keys.add(m.key())) {
                add(at + ".label", "method '" + m.key() + "' is listed twice; give one a distinct label", m.label());
            }
        }
    }

    private void method(String at, MethodSpec m, FanoutSpec fanout) {
        boolean cam2d = MethodSpec.CAMS.contains(m.name());
        boolean camOnDirections = "averaged".equals(m.name()) || "tomographic".equals(m.name());
        if (camOnDirections) {
            if (m.cam() == null) {
                add(at + ".cam", "is required for " + m.name() + ": one of " + sorted(MethodSpec.CAMS), null);
            } else {
                oneOf(at + ".cam", m.cam(), MethodSpec.CAMS);
            }
        } else {
            notApplicable(at + ".cam", m.cam(), m.name());
        }
        if (cam2d || camOnDirections) {
            range(at + ".layer", m.layer(), 1, 4);
        } else {
            notApplicable(at + ".layer", m.layer(), m.name());
        }
        if (cam2d) {
            oneOf(at + ".axes", m.axes(), Set.of("axial", "all"));
        } else {
            notApplicable(at + ".axes", m.axes(), m.name());
        }
        if ("tonno".equals(m.name())) {
            inversion(at + ".inversion", m.inversion());
            if (m.scoreMap() != null) {
                oneOf(at + ".scoreMap", m.scoreMap(), Set.of("logit", "sigmoid"));
            }
            if (m.sampling() != null) {
                oneOf(at + ".sampling", m.sampling(), Set.copyOf(MethodSpec.SAMPLINGS));
            }
            if (m.offsets() != null
                    && !m.offsets().equals("cube")
                    && !m.offsets().equals("body")) {
                try {
                    MethodSpec.adaptiveTolerance(m.offsets());
                } catch (IllegalArgumentException e) {
                    add(at + ".offsets", "must be " + MethodSpec.OFFSETS, "'" + m.offsets() + "'");
                }
            }
        } else {
            notApplicable(at + ".inversion", m.inversion(), m.name());
            notApplicable(at + ".scoreMap", m.scoreMap(), m.name());
            notApplicable(at + ".sampling", m.sampling(), m.name());
            notApplicable(at + ".offsets", m.offsets(), m.name());
        }
        if (m.isDirectional()) {
            range(at + ".directions", m.directions(), 1, MAX_DIRECTIONS);
            range(at + ".slices", m.slices(), MIN_SLICES, MAX_SLICES);
            if ((long) m.directions() * m.slices() > MAX_DIRECTIONS_TIMES_SLICES) {
                add(
                        at + ".directions",
                        "directions * slices must be at most " + MAX_DIRECTIONS_TIMES_SLICES,
                        (long) m.directions() * m.slices());
            }
            if (fanout.directionsPerChunk() > 0) {
                long chunks = (m.directions() + (long) fanout.directionsPerChunk() - 1) / fanout.directionsPerChunk();
                if (chunks > MAX_CHUNKS) {
                    add(
                            at + ".directions",
                            "needs " + chunks + " chunks of fanout.directionsPerChunk="
                                    + fanout.directionsPerChunk() + ", at most " + MAX_CHUNKS + " allowed; raise "
                                    + "fanout.directionsPerChunk",
                            m.directions());
                }
            }
        } else {
            notApplicable(at + ".directions", m.directions(), m.name());
            notApplicable(at + ".slices", m.slices(), m.name());
        }
        range(at + ".sliceSize", m.sliceSize(), MIN_SLICE_SIZE, MAX_SLICE_SIZE);
    }

    private void binarization(BinarizationSpec b) {
        unknown("binarization.", b.unknownFields());
        oneOf("binarization.normalization", b.normalization(), Set.of("raw", "max", "percentile"));
        if (!(b.percentile() > 0 && b.percentile() <= 100)) {
            add("binarization.percentile", "must be in (0, 100]", b.percentile());
        }
    }

    private void evaluation(EvaluationSpec e) {
        unknown("evaluation.", e.unknownFields());
        if (e.connectivity() != 6 && e.connectivity() != 26) {
            add("evaluation.connectivity", "must be 6 or 26", e.connectivity());
        }
    }

    private void fanout(FanoutSpec f) {
        unknown("fanout.", f.unknownFields());
        range("fanout.directionsPerChunk", f.directionsPerChunk(), 1, MAX_DIRECTIONS);
        range("fanout.chunksInFlight", f.chunksInFlight(), 1, MAX_IN_FLIGHT);
        range("fanout.casesInFlight", f.casesInFlight(), 1, MAX_IN_FLIGHT);
    }

    private void unknown(String prefix, Map<String, Object> fields) {
        for (String name : fields.keySet()) {
            problems.add(prefix + name + ": unknown field");
        }
    }

    private void range(String path, Integer value, long min, long max) {
        if (value == null || value < min || value > max) {
            add(path, "must be between " + min + " and " + max, value);
        }
    }

    private void oneOf(String path, String value, Set<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            add(path, "must be one of " + sorted(allowed), value == null ? null : "'" + value + "'");
        }
    }

    /**
     * {@code null}, {@code lattice}, {@code sweep} or {@code sweep:K} with K in [1, 4096] and at least 2 planes per
     * normal of the validation budget ({@code planes}, absent: the trainer's {@value #VALIDATION_PLANES}); the trainer's
     * {@code ValidationPlanes.parse} is the same rule, which this module cannot call (it would pull in DJL).
     */
    private void validationPlanes(String value, Integer planes) {
        if (value == null || value.equals("lattice")) {
            return;
        }
        int k = -1;
        if (value.equals("sweep")) {
            k = 4;
        } else if (value.startsWith("sweep:")) {
            try {
                k = Integer.parseInt(value.substring("sweep:".length()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (k < 1 || k > 4096) {
            add(
                    "training.validationPlanes",
                    "must be sweep, sweep:K with K in [1, 4096], or lattice",
                    "'" + value + "'");
        } else if ((planes == null ? VALIDATION_PLANES : planes) / k < 2) {
            add(
                    "training.validationPlanes",
                    "needs at least " + 2 * k + " validation planes (2 per normal); raise"
                            + " training.validationSlicesPerVolume (" + (planes == null ? VALIDATION_PLANES : planes)
                            + ") or use fewer normals",
                    "'" + value + "'");
        }
    }

    /** {@code null}, {@code paper}, {@code backprojection} or {@code fractional:ALPHA} with ALPHA in (0, 2]. */
    private void inversion(String path, String value) {
        if (value == null || value.equals("paper") || value.equals("backprojection")) {
            return;
        }
        if (value.startsWith("fractional:")) {
            try {
                double a = Double.parseDouble(value.substring("fractional:".length()));
                if (a > 0 && a <= 2) {
                    return;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        add(path, "must be paper, backprojection or fractional:ALPHA with ALPHA in (0, 2]", "'" + value + "'");
    }

    private void notApplicable(String path, Object value, String method) {
        if (value != null) {
            add(path, "does not apply to method " + method + "; remove it", value);
        }
    }

    private void add(String path, String problem, Object got) {
        problems.add(path + ": " + problem + ", got " + printable(got));
    }

    /**
     * {@code value} with control and non-ASCII characters as Java escapes (backslash, u, four hex digits) and
     * cut to 100 characters, so that a message quoting a pasted value stays short and on one line.
     */
    static String printable(Object value) {
        String text = String.valueOf(value);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && sb.length() < 100; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.length() < 100 || text.length() <= 100 ? sb.toString() : sb + "...";
    }

    private static String quoted(String value) {
        return "'" + value + "'";
    }

    private static String sorted(Set<String> values) {
        return String.join("|", values.stream().sorted().toList());
    }
}
