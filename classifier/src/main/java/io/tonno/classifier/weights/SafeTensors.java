package io.tonno.classifier.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (Hugging Face): an unsigned little-endian 64-bit header length, a JSON header
 * mapping each name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the
 * data section) plus an optional {@code "__metadata__"} string map, then the raw little-endian data.
 *
 * <p>Reads F32, F16, BF16, F64, I64, I32, I16, I8, U8 and BOOL into float32 values; writes F32. Files are
 * written through {@link AtomicFiles}, so a reader never sees half a file.
 */
public final class SafeTensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The format's own cap on header size (100 MB) guards against reading garbage as a length. */
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    /** The tensors and metadata of one file. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    private SafeTensors() {}

    /**
     * The names and shapes of a file's tensors and its metadata, without their data.
     *
     * @param shapes   tensor name → shape, in file order
     * @param metadata the {@code "__metadata__"} map; empty when absent
     */
    public record Header(Map<String, long[]> shapes, Map<String, String> metadata) {}

    /** Reads every tensor, converting to float32. */
    public static Contents read(Path file) throws IOException, InvalidInputException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Parsed p = parse(ch, file.toString());
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : p.entries().entrySet()) {
                tensors.put(
                        e.getKey(),
                        readTensor(ch, file.toString(), e.getKey(), e.getValue(), p.dataStart(), p.dataLen()));
            }
            return new Contents(tensors, p.metadata());
        }
    }

    /** Reads the header only (names, shapes, metadata), checking each entry as {@link #read} does. */
    public static Header readHeader(Path file) throws IOException, InvalidInputException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Parsed p = parse(ch, file.toString());
            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : p.entries().entrySet()) {
                shapes.put(
                        e.getKey(),
                        checkEntry(file.toString(), e.getKey(), e.getValue(), p.dataLen())
                                .shape());
            }
            return new Header(shapes, p.metadata());
        }
    }

    private record Parsed(Map<String, JsonNode> entries, Map<String, String> metadata, long dataStart, long dataLen) {}

    private static Parsed parse(FileChannel ch, String src) throws IOException, InvalidInputException {
        long size = ch.size();
        if (size < 8) {
            throw new InvalidInputException(src, "header length", "file is " + size + " bytes, shorter than 8");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0);
        long headerLen = lenBuf.flip().getLong();
        if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
            throw new InvalidInputException(
                    src, "header length", "is " + headerLen + " for a file of " + size + " bytes");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readFully(ch, hb, 8);
        JsonNode header;
        try {
            header = JSON.readTree(new String(hb.array(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidInputException(src, "header", "is not valid JSON: " + e.getMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new InvalidInputException(src, "header", "is not a JSON object");
        }
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue()
                        .fields()
                        .forEachRemaining(
                                m -> metadata.put(m.getKey(), m.getValue().asText()));
            } else {
                entries.put(e.getKey(), e.getValue());
            }
        }
        return new Parsed(entries, metadata, 8 + headerLen, size - 8 - headerLen);
    }

    /** A header entry's dtype, shape and data range, checked against the data section. */
    private record Entry(String dtype, long[] shape, long count, long begin, long end) {}

    private static Entry checkEntry(String src, String field, JsonNode info, long dataLen)
            throws InvalidInputException {
        String dtype = info.path("dtype").asText("");
        int width = width(dtype);
        if (width < 0) {
            throw new InvalidInputException(src, field + ".dtype", "unsupported dtype '" + dtype + "'");
        }
        JsonNode shapeNode = info.path("shape");
        JsonNode offs = info.path("data_offsets");
        if (!shapeNode.isArray() || !offs.isArray() || offs.size() != 2) {
            throw new InvalidInputException(src, field, "needs a shape array and two data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new InvalidInputException(src, field + ".shape", "has a negative dimension");
            }
            count *= shape[i];
        }
        long begin = offs.get(0).asLong(-1);
        long end = offs.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataLen || end - begin != count * width) {
            throw new InvalidInputException(
                    src,
                    field + ".data_offsets",
                    "[" + begin + ", " + end + "] does not hold " + count + " " + dtype + " values within " + dataLen
                            + " data bytes");
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(src, field + ".shape", "has " + count + " elements, too many");
        }
        return new Entry(dtype, shape, count, begin, end);
    }

    private static Tensor readTensor(
            FileChannel ch, String src, String name, JsonNode info, long dataStart, long dataLen)
            throws IOException, InvalidInputException {
        Entry e = checkEntry(src, name, info, dataLen);
        ByteBuffer raw = ByteBuffer.allocate((int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, raw, dataStart + e.begin());
        raw.flip();
        return new Tensor(e.dtype(), e.shape(), decode(raw, e.dtype(), (int) e.count()));
    }

    private static int width(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> -1;
        };
    }

    private static float[] decode(ByteBuffer b, String dtype, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (dtype) {
                case "F32" -> b.getFloat();
                case "F64" -> (float) b.getDouble();
                case "F16" -> halfToFloat(b.getShort());
                case "BF16" -> Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
                case "I64", "U64" -> (float) b.getLong();
                case "I32" -> (float) b.getInt();
                case "U32" -> (float) (b.getInt() & 0xFFFFFFFFL);
                case "I16" -> (float) b.getShort();
                case "U16" -> (float) (b.getShort() & 0xFFFF);
                case "I8" -> (float) b.get();
                default -> (float) (b.get() & 0xFF);
            };
        }
        return v;
    }

    /** IEEE 754 binary16 to float32, exact (subnormals, infinities and NaN included); Java 17 has no built-in. */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1.0p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    /**
     * Writes float32 tensors and string metadata, atomically.
     *
     * @param tensors  name → tensor; written in map order (values are stored as F32 whatever {@code dtype} says)
     * @param metadata stored under {@code "__metadata__"}, sorted by key; may be empty
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            // Sorted by key: the same metadata gives the same bytes whatever the map's iteration order (Map.of's
            // differs from one JVM to the next).
            new java.util.TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long count = 1;
            for (long d : t.shape()) {
                count *= d;
            }
            if (count != t.values().length) {
                throw new IllegalArgumentException(
                        e.getKey() + ": shape holds " + count + " values, got " + t.values().length);
            }
            ObjectNode n = header.putObject(e.getKey());
            n.put("dtype", "F32");
            var shape = n.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            var offs = n.putArray("data_offsets");
            offs.add(offset);
            offset += 4L * count;
            offs.add(offset);
        }
        byte[] hb = JSON.writeValueAsBytes(header);
        // Pad with spaces to a multiple of 8 so the data section is aligned, as the reference writer does.
        int padded = (hb.length + 7) / 8 * 8;
        AtomicFiles.write(file, raw -> {
            OutputStream out = new java.io.BufferedOutputStream(raw, 1 << 20);
            ByteBuffer len =
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(hb);
            for (int i = hb.length; i < padded; i++) {
                out.write(' ');
            }
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors.values()) {
                for (float f : t.values()) {
                    if (!chunk.hasRemaining()) {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                    chunk.putFloat(f);
                }
            }
            out.write(chunk.array(), 0, chunk.position());
            out.flush();
        });
    }
}
