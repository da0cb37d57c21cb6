package io.tonno.classifier.inference;

import io.tonno.classifier.nn.InputNormalization;
import io.tonno.classifier.nn.NormKind;
import io.tonno.classifier.nn.ResNet;
import io.tonno.classifier.nn.ResNetLayout;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's ResNet compiled for inference: its eval-mode graph written as ONNX (opset 13) and run by ONNX
 * Runtime on the CPU. The compiled graph computes what {@link ResNet#forward} computes in eval mode, with three
 * rewrites that change no value beyond float rounding:
 * <ul>
 *   <li><b>Batch norm folded into the convolution before it</b> ({@link NormKind#BN} and {@link NormKind#FROZEN_BN}
 *       use running statistics in eval): {@code W' = W·γ/√(σ²+ε)} per output channel, bias
 *       {@code β − μ·γ/√(σ²+ε)};</li>
 *   <li><b>the grey channel not repeated</b>: with {@link InputNormalization#NONE} the first convolution's three
 *       input channels see the same slice, so its kernel is summed over them (one channel in, a third of its
 *       multiply-adds); with {@link InputNormalization#IMAGENET} the slice is broadcast to three channels by one
 *       multiply-add per channel, {@code x/std_c − mean_c/std_c}, before the convolution;</li>
 *   <li><b>group norm</b> as ONNX {@code InstanceNormalization} over the {@code (N, G, C/G·H·W)} view, then the
 *       per-channel affine: the same statistics as {@link ResNet}'s fused layer norm.</li>
 * </ul>
 * Input {@code (N, 1, H, W)} float32 slices, output {@code (N, 1)} logits. The network must have one output
 * ({@code numClasses = 1}); its weights are copied at compile time, so later changes to {@code net} are not seen.
 *
 * <p>ONNX Runtime's CPU kernels score each slice independently of the others in its batch (tested bitwise: a
 * slice's score does not depend on the batch it is in or on the number of threads), so reconstructions stay
 * independent of how directions are chunked.
 */
public final class CompiledResNet {
    private static final float EPS = 1e-5f;

    private final ResNet net;
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private int counter;

    private CompiledResNet(ResNet net) {
        this.net = net;
    }

    /**
     * Compiles {@code net} (its current weights) for ONNX Runtime on the CPU; the caller closes the result.
     *
     * @param threads ONNX Runtime's intra-op threads, 0 for every core
     */
    public static ExportedNetwork compile(ResNet net, int threads) {
        return ExportedNetwork.fromOnnx(
                onnx(net),
                "the project's ResNet (" + net.layout().architecture().id() + ", "
                        + net.layout().norm().id() + ") compiled for ONNX Runtime",
                new ExportedNetwork.Input(1, InputNormalization.NONE, null),
                threads);
    }

    /** The serialized ONNX {@code ModelProto} of {@code net}'s eval-mode graph. */
    public static byte[] onnx(ResNet net) {
        if (net.layout().numClasses() != 1) {
            throw new IllegalArgumentException("only a one-logit network can be compiled, this one has "
                    + net.layout().numClasses() + " outputs");
        }
        return new CompiledResNet(net).model();
    }

    private byte[] model() {
        String x = stem("input");
        for (ResNetLayout.Block b : net.layout().blocks()) {
            x = block(b, x);
        }
        String pooled = node("GlobalAveragePool", List.of(x), new Proto());
        String flat = node("Flatten", List.of(pooled), new Proto().message(5, attrInt("axis", 1)));
        float[] w = net.get("fc.weight");
        String wn = constant(w, 1, w.length);
        String bn = constant(net.get("fc.bias"), 1);
        nodeNamed("Gemm", List.of(flat, wn, bn), "logits", new Proto().message(5, attrInt("transB", 1)));

        Proto graph = new Proto();
        nodes.forEach(n -> graph.bytes(1, n));
        graph.string(2, "tonno-resnet");
        initializers.forEach(t -> graph.bytes(5, t));
        graph.message(11, valueInfo("input", "N", 1L, "H", "W"));
        graph.message(12, valueInfo("logits", "N", 1L));
        Proto model = new Proto();
        model.varint(1, 7); // IR version 7 (ONNX 1.8), enough for opset 13
        model.string(2, "tonno");
        model.message(7, graph);
        model.message(8, new Proto().string(1, "").varint(2, 13));
        return model.toByteArray();
    }

    private String stem(String input) {
        String x;
        if (net.layout().architecture().tieredStem()) {
            x = relu(convNorm(
                    "conv1.0",
                    "conv1.1",
                    firstInput(input),
                    net.layout().architecture().stemStride(),
                    1,
                    true));
            x = relu(convNorm("conv1.3", "conv1.4", x, 1, 1, false));
            x = relu(convNorm("conv1.6", "bn1", x, 1, 1, false));
        } else {
            x = relu(convNorm("conv1", "bn1", firstInput(input), 2, 3, true));
        }
        return node(
                "MaxPool",
                List.of(x),
                new Proto()
                        .message(5, attrInts("kernel_shape", 3, 3))
                        .message(5, attrInts("strides", 2, 2))
                        .message(5, attrInts("pads", 1, 1, 1, 1)));
    }

    /** The grey slice as the first convolution sees it: itself (channel sum folded) or broadcast and normalised. */
    private String firstInput(String input) {
        if (net.inputNormalization() == InputNormalization.NONE) {
            return input;
        }
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = 1f / InputNormalization.imagenetStd(c);
            shift[c] = -InputNormalization.imagenetMean(c) / InputNormalization.imagenetStd(c);
        }
        String scaled = node("Mul", List.of(input, constant(scale, 1, 3, 1, 1)), new Proto());
        return node("Add", List.of(scaled, constant(shift, 1, 3, 1, 1)), new Proto());
    }

    private String block(ResNetLayout.Block b, String x) {
        String p = b.prefix() + ".";
        String y;
        if (b.bottleneck()) {
            y = relu(convNorm(p + "conv1", p + "bn1", x, 1, 0, false));
            y = relu(convNorm(p + "conv2", p + "bn2", y, b.stride(), 1, false));
            y = convNorm(p + "conv3", p + "bn3", y, 1, 0, false);
        } else {
            y = relu(convNorm(p + "conv1", p + "bn1", x, b.stride(), 1, false));
            y = convNorm(p + "conv2", p + "bn2", y, 1, 1, false);
        }
        String shortcut = switch (b.downsample()) {
            case NONE -> x;
            case CONV -> convNorm(p + "downsample.0", p + "downsample.1", x, b.stride(), 0, false);
            case AVG -> {
                String pooled = b.stride() == 1
                        ? x
                        : node(
                                "AveragePool",
                                List.of(x),
                                new Proto()
                                        .message(5, attrInts("kernel_shape", 2, 2))
                                        .message(5, attrInts("strides", b.stride(), b.stride()))
                                        .message(5, attrInt("ceil_mode", 1))
                                        .message(5, attrInt("count_include_pad", 0)));
                yield convNorm(p + "downsample.1", p + "downsample.2", pooled, 1, 0, false);
            }
        };
        return relu(node("Add", List.of(y, shortcut), new Proto()));
    }

    /**
     * Convolution {@code conv} (no bias) followed by norm layer {@code norm}; batch norm is folded into the kernel.
     *
     * @param greyInput the first convolution of a network with {@link InputNormalization#NONE}: sum the kernel over
     *                  its input channels
     */
    private String convNorm(String conv, String norm, String x, int stride, int pad, boolean greyInput) {
        long[] shape = net.tensor(conv + ".weight").getShape().getShape();
        int out = (int) shape[0];
        int in = (int) shape[1];
        int k = (int) shape[2];
        float[] w = net.get(conv + ".weight");
        int perIn = k * k;
        if (greyInput && net.inputNormalization() == InputNormalization.NONE) {
            float[] summed = new float[out * perIn];
            for (int o = 0; o < out; o++) {
                for (int c = 0; c < in; c++) {
                    for (int j = 0; j < perIn; j++) {
                        summed[o * perIn + j] += w[(o * in + c) * perIn + j];
                    }
                }
            }
            w = summed;
            in = 1;
        }
        float[] gamma = net.get(norm + ".weight");
        float[] beta = net.get(norm + ".bias");
        Proto attrs = new Proto()
                .message(5, attrInts("kernel_shape", k, k))
                .message(5, attrInts("strides", stride, stride))
                .message(5, attrInts("pads", pad, pad, pad, pad));
        if (net.layout().norm() == NormKind.GN) {
            String y = node("Conv", List.of(x, constant(w, out, in, k, k)), attrs);
            return groupNorm(y, out, gamma, beta);
        }
        float[] mean = net.get(norm + ".running_mean");
        float[] var = net.get(norm + ".running_var");
        float[] bias = new float[out];
        int perOut = in * perIn;
        for (int o = 0; o < out; o++) {
            float scale = (float) (gamma[o] / Math.sqrt((double) var[o] + EPS));
            for (int j = 0; j < perOut; j++) {
                w[o * perOut + j] *= scale;
            }
            bias[o] = beta[o] - mean[o] * scale;
        }
        return node("Conv", List.of(x, constant(w, out, in, k, k), constant(bias, out)), attrs);
    }

    private String groupNorm(String x, int channels, float[] gamma, float[] beta) {
        int groups = NormKind.groups(channels);
        String shape = node("Shape", List.of(x), new Proto());
        String grouped = node("Reshape", List.of(x, constantLong(0, groups, -1)), new Proto());
        float[] ones = new float[groups];
        java.util.Arrays.fill(ones, 1f);
        String normed = node(
                "InstanceNormalization",
                List.of(grouped, constant(ones, groups), constant(new float[groups], groups)),
                new Proto().message(5, attrFloat("epsilon", EPS)));
        String back = node("Reshape", List.of(normed, shape), new Proto());
        String scaled = node("Mul", List.of(back, constant(gamma, channels, 1, 1)), new Proto());
        return node("Add", List.of(scaled, constant(beta, channels, 1, 1)), new Proto());
    }

    private String relu(String x) {
        return node("Relu", List.of(x), new Proto());
    }

    private String node(String op, List<String> inputs, Proto attributes) {
        return nodeNamed(op, inputs, "t" + counter++, attributes);
    }

    private String nodeNamed(String op, List<String> inputs, String output, Proto attributes) {
        Proto n = new Proto();
        inputs.forEach(i -> n.string(1, i));
        n.string(2, output);
        n.string(3, output + "_" + op);
        n.string(4, op);
        n.append(attributes);
        nodes.add(n.toByteArray());
        return output;
    }

    private String constant(float[] values, long... dims) {
        String name = "w" + counter++;
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, 1); // FLOAT
        t.string(8, name);
        t.bytes(9, raw.array());
        initializers.add(t.toByteArray());
        return name;
    }

    private String constantLong(long... values) {
        String name = "w" + counter++;
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        Proto t = new Proto()
                .varint(1, values.length)
                .varint(2, 7)
                .string(8, name)
                .bytes(9, raw.array()); // INT64
        initializers.add(t.toByteArray());
        return name;
    }

    private static Proto attrInt(String name, long value) {
        return new Proto().string(1, name).varint(3, value).varint(20, 2); // INT
    }

    private static Proto attrFloat(String name, float value) {
        return new Proto()
                .string(1, name)
                .fixed32(2, Float.floatToRawIntBits(value))
                .varint(20, 1); // FLOAT
    }

    private static Proto attrInts(String name, long... values) {
        Proto a = new Proto().string(1, name);
        for (long v : values) {
            a.varint(8, v);
        }
        return a.varint(20, 7); // INTS
    }

    /** A float32 tensor value info; each dimension a name (symbolic) or a Long (fixed). */
    private static Proto valueInfo(String name, Object... dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            shape.message(1, d instanceof Long v ? new Proto().varint(1, v) : new Proto().string(2, (String) d));
        }
        Proto tensorType = new Proto().varint(1, 1).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** A protobuf message being written: fields in the order given, proto2 wire format. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            tag(field, 0);
            raw(value);
            return this;
        }

        Proto fixed32(int field, int bits) {
            tag(field, 5);
            for (int i = 0; i < 4; i++) {
                out.write((bits >>> (8 * i)) & 0xff);
            }
            return this;
        }

        Proto bytes(int field, byte[] value) {
            tag(field, 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return bytes(field, value.toByteArray());
        }

        Proto append(Proto other) {
            out.writeBytes(other.toByteArray());
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            raw(((long) field << 3) | wireType);
        }

        private void raw(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
