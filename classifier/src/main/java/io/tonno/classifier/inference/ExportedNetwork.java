package io.tonno.classifier.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.ResNet;
import io.tonno.imaging.InvalidInputException;
import io.tonno.tomography.SliceScorer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * A slice classifier exported from PyTorch: a TorchScript file run by DJL's PyTorch engine, or an ONNX file run by
 * DJL's ONNX Runtime engine. It scores slices for ToNNO ({@code method.md} §6); it exposes no layer, so the CAM
 * methods cannot use it.
 *
 * <p><b>Input.</b> A batch of {@code n} grey {@code h×w} slices becomes one float32 tensor {@code (n, C, h, w)}:
 * {@code C = 1}, the slice itself, or {@code C = 3}, the slice repeated in every channel; with
 * {@link InputNormalization#IMAGENET} (only with {@code C = 3}) channel {@code c} is then
 * {@code (x - mean_c) / std_c} with timm's ImageNet constants, exactly as the project's own ResNet prepares its
 * input. Slice pixels are the preprocessed volume's intensities (trilinear samples, zero outside the volume).
 *
 * <p><b>Output.</b> One tensor: {@code (n)} or {@code (n, 1)}, one logit per slice, used as it is; or {@code (n, K)},
 * {@code K >= 2} class logits, with the positive class's index {@code p} given, scored by its log-odds against the
 * other classes under the softmax, {@code z_p - log Σ_{j≠p} exp(z_j)} ({@code z_p - z_{1-p}} for two classes), so
 * that a 2-class head gives the same number as the equivalent 1-logit head. A non-finite score, another output
 * shape or several outputs are refused, naming the file ({@link InvalidInputException}; thrown unchecked as
 * {@link InvalidInputException.Unchecked} from {@link SliceScorer#score}).
 *
 * <p>Each batch's native memory lives in its own manager, released before the next batch. Not thread-safe.
 */
public final class ExportedNetwork implements SliceModel {
    /**
     * How slices are presented to the network and read from it.
     *
     * @param channels      1 (the slice) or 3 (the slice repeated)
     * @param normalization {@link InputNormalization#NONE}, or {@link InputNormalization#IMAGENET} with 3 channels
     * @param positiveIndex index of the positive class in a {@code (n, K)} output; null for a 1-logit output
     */
    public record Input(int channels, InputNormalization normalization, Integer positiveIndex) {
        public Input {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
            }
            if (normalization == InputNormalization.IMAGENET && channels != 3) {
                throw new IllegalArgumentException("imagenet input normalization needs 3 channels, got " + channels);
            }
            if (positiveIndex != null && positiveIndex < 0) {
                throw new IllegalArgumentException("positiveIndex must be >= 0, got " + positiveIndex);
            }
        }
    }

    private final Path file;
    private final String source;
    private final ModelFormat format;
    private final Input input;
    private final Model model;
    private final Block block;

    private ExportedNetwork(Path file, String source, ModelFormat format, Input input, Model model) {
        this.file = file;
        this.source = source;
        this.format = format;
        this.input = input;
        this.model = model;
        this.block = model.getBlock();
    }

    /**
     * Loads {@code file} on {@code device}; the caller closes the network. Nothing is run: {@link #probe} checks the
     * input and output contract.
     *
     * @param format {@link ModelFormat#TORCHSCRIPT} or {@link ModelFormat#ONNX}
     * @throws InvalidInputException naming the file when it is missing or the engine cannot read it
     */
    public static ExportedNetwork load(Path file, ModelFormat format, Input input, Device device)
            throws InvalidInputException {
        if (format == ModelFormat.SAFETENSORS) {
            throw new IllegalArgumentException("safetensors files are the project's ResNet: use Networks.load");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file.toString(), "file", "no such file");
        }
        if (format == ModelFormat.ONNX
                && device.isGpu()
                && !Engine.getEngine(format.engine()).hasCapability(StandardCapabilities.CUDA)) {
            throw new InvalidInputException(
                    file.toString(),
                    "device",
                    "ONNX Runtime here has no CUDA provider (the project ships the CPU build,"
                            + " com.microsoft.onnxruntime:onnxruntime): run ONNX networks on cpu, or export the network"
                            + " to TorchScript for the GPU");
        }
        Model model = Model.newInstance("tonno-" + format.id(), device, format.engine());
        try {
            // TorchScript: put the parameters on the requested device whatever device they were saved from.
            Map<String, String> options = format == ModelFormat.TORCHSCRIPT ? Map.of("mapLocation", "true") : Map.of();
            model.load(file, null, options);
            if (model.getBlock() == null) {
                throw new MalformedModelException("the engine found no network in the file");
            }
            return new ExportedNetwork(file, file.toString(), format, input, model);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new InvalidInputException(
                    file.toString(),
                    "file",
                    "is not a " + format.id() + " model the " + format.engine() + " engine can load (" + firstLine(e)
                            + ")",
                    e);
        }
    }

    /**
     * Loads an ONNX graph held in memory (the project's ResNet compiled by {@link CompiledResNet}) into ONNX Runtime
     * on the CPU; the caller closes the network.
     *
     * @param onnx    a serialized ONNX {@code ModelProto}
     * @param source  what the graph is, for messages
     * @param threads ONNX Runtime's intra-op threads; 0 lets it use every core
     */
    static ExportedNetwork fromOnnx(byte[] onnx, String source, Input input, int threads) {
        Model model = Model.newInstance("tonno-compiled", Device.cpu(), ModelFormat.ONNX.engine());
        try {
            Map<String, String> options = threads > 0
                    ? Map.of("intraOpNumThreads", Integer.toString(threads), "interOpNumThreads", "1")
                    : Map.of("interOpNumThreads", "1");
            model.load(new java.io.ByteArrayInputStream(onnx), options);
            return new ExportedNetwork(null, source, ModelFormat.ONNX, input, model);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalStateException(
                    "ONNX Runtime refused the compiled graph of " + source + ": " + firstLine(e), e);
        }
    }

    /**
     * Runs two {@code sliceSize²} slices (zeros, and a centred bright disc) and checks the contract: the network
     * accepts {@code (2, C, sliceSize, sliceSize)} float32, returns one tensor of a shape described in the class
     * comment, and its scores are finite.
     *
     * @return the two probe scores
     * @throws InvalidInputException naming the file and what was expected
     */
    public double[] probe(int sliceSize) throws InvalidInputException {
        int area = sliceSize * sliceSize;
        float[] slices = new float[2 * area];
        double c = (sliceSize - 1) / 2.0;
        for (int i = 0; i < sliceSize; i++) {
            for (int j = 0; j < sliceSize; j++) {
                double r = Math.hypot(i - c, j - c) / (sliceSize / 2.0);
                slices[area + i * sliceSize + j] = (float) Math.max(0, 1 - r * r);
            }
        }
        double[] scores = new double[2];
        forward(slices, 0, 2, sliceSize, sliceSize, scores, 0);
        return scores;
    }

    @Override
    public SliceScorer scorer(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        return new SliceScorer() {
            @Override
            public void score(float[] slices, int count, int height, int width, double[] scores) {
                for (int start = 0; start < count; start += batchSize) {
                    int n = Math.min(batchSize, count - start);
                    try {
                        forward(slices, start, n, height, width, scores, start);
                    } catch (InvalidInputException e) {
                        throw e.unchecked();
                    }
                }
            }

            @Override
            public int preferredBatchSize() {
                return batchSize;
            }
        };
    }

    @Override
    public Optional<ResNet> resnet() {
        return Optional.empty();
    }

    @Override
    public String description() {
        return file == null ? source : format.id() + " model " + file;
    }

    /** The model file; null for a network compiled in memory ({@link #fromOnnx}). */
    public Path file() {
        return file;
    }

    /** Its format. */
    public ModelFormat format() {
        return format;
    }

    /** How slices are presented to it. */
    public Input input() {
        return input;
    }

    @Override
    public void close() {
        model.close();
    }

    private ByteBuffer buffer;

    /** Scores slices {@code [start, start + n)} into {@code scores[at ..]}. */
    private void forward(float[] slices, int start, int n, int h, int w, double[] scores, int at)
            throws InvalidInputException {
        int channels = input.channels();
        int area = h * w;
        long floats = (long) n * channels * area;
        if (buffer == null || buffer.capacity() < 4 * floats) {
            buffer = ByteBuffer.allocateDirect(Math.toIntExact(4 * floats)).order(ByteOrder.nativeOrder());
        }
        buffer.clear();
        FloatBuffer fb = buffer.asFloatBuffer();
        boolean imagenet = input.normalization() == InputNormalization.IMAGENET;
        for (int b = 0; b < n; b++) {
            int from = (start + b) * area;
            for (int ch = 0; ch < channels; ch++) {
                if (imagenet) {
                    float mean = InputNormalization.imagenetMean(ch);
                    float std = InputNormalization.imagenetStd(ch);
                    for (int p = 0; p < area; p++) {
                        fb.put((slices[from + p] - mean) / std);
                    }
                } else {
                    fb.put(slices, from, area);
                }
            }
        }
        buffer.limit(Math.toIntExact(4 * floats));
        Shape inShape = new Shape(n, channels, h, w);
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = m.create(buffer, inShape, DataType.FLOAT32);
            NDList out;
            try {
                out = block.forward(new ParameterStore(m, false), new NDList(x), false);
            } catch (RuntimeException e) {
                throw new InvalidInputException(
                        source,
                        "input",
                        "the network does not accept float32 slices of shape " + inShape
                                + " (batch, channels, height, width): " + firstLine(e),
                        e);
            }
            if (out.size() != 1) {
                throw new InvalidInputException(
                        source,
                        "output",
                        "the network returns " + out.size()
                                + " tensors; expected one, of shape (batch) or (batch, classes)");
            }
            read(out.get(0), n, scores, at);
        }
    }

    private void read(NDArray y, int n, double[] scores, int at) throws InvalidInputException {
        Shape s = y.getShape();
        int classes;
        if (s.dimension() == 1 && s.get(0) == n) {
            classes = 1;
        } else if (s.dimension() == 2 && s.get(0) == n && s.get(1) >= 1) {
            classes = Math.toIntExact(s.get(1));
        } else {
            throw new InvalidInputException(
                    source,
                    "output",
                    "has shape " + s + " for " + n + " slices; expected (" + n + ") or (" + n
                            + ", classes): one logit, or class logits, per slice");
        }
        Integer p = input.positiveIndex();
        if (classes == 1 && p != null && p != 0) {
            throw new InvalidInputException(
                    source, "positiveIndex", "is " + p + " but the network returns one logit per slice");
        }
        if (classes > 1 && (p == null || p >= classes)) {
            throw new InvalidInputException(
                    source,
                    "positiveIndex",
                    p == null
                            ? "the network returns " + classes
                                    + " class logits per slice; give the positive class's index"
                            : "is " + p + " but the network returns " + classes + " class logits per slice");
        }
        double[] z = values(y);
        for (int b = 0; b < n; b++) {
            double score = classes == 1 ? z[b] : logOdds(z, b * classes, classes, p);
            if (!Double.isFinite(score)) {
                throw new InvalidInputException(
                        source,
                        "output",
                        "the network gave a non-finite score (" + score + ") for a slice; its outputs were "
                                + Arrays.toString(Arrays.copyOfRange(z, b * classes, (b + 1) * classes)));
            }
            scores[at + b] = score;
        }
    }

    private double[] values(NDArray y) throws InvalidInputException {
        DataType t = y.getDataType();
        if (t == DataType.FLOAT32) {
            float[] f = y.toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        if (t == DataType.FLOAT64) {
            return y.toDoubleArray();
        }
        throw new InvalidInputException(
                source, "output", "has data type " + t + "; expected float32 or float64 logits");
    }

    /** {@code z_p - log Σ_{j≠p} exp(z_j)} over {@code z[from, from + k)}, computed without overflow. */
    static double logOdds(double[] z, int from, int k, int p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            if (j != p) {
                max = Math.max(max, z[from + j]);
            }
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            if (j != p) {
                sum += Math.exp(z[from + j] - max);
            }
        }
        return z[from + p] - (max + Math.log(sum));
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable c = e.getCause();
        if ((m.isBlank() || m.equals("ONNX Model cannot be loaded")) && c != null && c.getMessage() != null) {
            m = m + ": " + c.getMessage();
        }
        String line = m.strip().lines().findFirst().orElse(m);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
