package io.tonno.classifier.training;

import io.tonno.classifier.weights.SafeTensors;
import io.tonno.classifier.weights.Tensor;
import io.tonno.imaging.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A training checkpoint: one safetensors file holding everything a resumed run needs.
 *
 * <ul>
 *   <li>tensors {@code model/<timm name>}: all parameters and batch-norm running statistics;</li>
 *   <li>tensors {@code adamw.m/<name>}, {@code adamw.v/<name>}: the optimiser moments of trainable tensors;</li>
 *   <li>tensors {@code average/<timm name>}: the moving average of the weights, when {@code training.emaDecay} is
 *       set ({@link WeightAverage});</li>
 *   <li>metadata {@code tonno.checkpoint} (format version 1), {@code step} (steps completed),
 *       {@code rng.sampler} (4 comma-separated longs), {@code config} (the training config JSON) and
 *       {@code sha256}: hex SHA-256 over every tensor name, shape and float32 bit pattern, then every other
 *       metadata entry in key order, so any change to the content is detected on load.</li>
 * </ul>
 * Written to a temporary file and atomically moved into place, so the previous checkpoint survives a crash.
 *
 * @param step          steps completed
 * @param model         timm name → values
 * @param firstMoment   name → AdamW {@code m}
 * @param secondMoment  name → AdamW {@code v}
 * @param average       timm name → the weight average's values; empty without one
 * @param samplerState  the slice sampler's RNG state
 * @param configJson    the config that produced it
 */
public record Checkpoint(
        long step,
        Map<String, float[]> model,
        Map<String, float[]> firstMoment,
        Map<String, float[]> secondMoment,
        Map<String, float[]> average,
        long[] samplerState,
        String configJson) {
    static final String FORMAT = "1";

    /** Writes atomically. {@code shapes} gives each model tensor's shape (moments share it). */
    public void write(Path file, Map<String, long[]> shapes) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.forEach((k, v) -> tensors.put("model/" + k, Tensor.f32(shapes.get(k), v)));
        firstMoment.forEach((k, v) -> tensors.put("adamw.m/" + k, Tensor.f32(shapes.get(k), v)));
        secondMoment.forEach((k, v) -> tensors.put("adamw.v/" + k, Tensor.f32(shapes.get(k), v)));
        average.forEach((k, v) -> tensors.put("average/" + k, Tensor.f32(shapes.get(k), v)));
        Map<String, String> meta = new TreeMap<>();
        meta.put("tonno.checkpoint", FORMAT);
        meta.put("step", Long.toString(step));
        meta.put("rng.sampler", join(samplerState));
        meta.put("config", configJson);
        Map<String, String> withSum = new LinkedHashMap<>(meta);
        withSum.put("sha256", digest(tensors, meta));
        SafeTensors.write(file, tensors, withSum);
    }

    /** Reads and verifies a checkpoint. */
    public static Checkpoint read(Path file) throws IOException, InvalidInputException {
        String src = file.toString();
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = new TreeMap<>(c.metadata());
        String sum = meta.remove("sha256");
        if (!FORMAT.equals(meta.get("tonno.checkpoint")) || sum == null) {
            throw new InvalidInputException(
                    src, "__metadata__.tonno.checkpoint", "is not a tonno checkpoint (format " + FORMAT + ")");
        }
        if (!sum.equals(digest(c.tensors(), meta))) {
            throw new InvalidInputException(src, "__metadata__.sha256", "checksum mismatch: the checkpoint is corrupt");
        }
        Map<String, float[]> model = new LinkedHashMap<>();
        Map<String, float[]> m = new LinkedHashMap<>();
        Map<String, float[]> v = new LinkedHashMap<>();
        Map<String, float[]> average = new LinkedHashMap<>();
        c.tensors().forEach((k, t) -> {
            if (k.startsWith("model/")) {
                model.put(k.substring(6), t.values());
            } else if (k.startsWith("adamw.m/")) {
                m.put(k.substring(8), t.values());
            } else if (k.startsWith("adamw.v/")) {
                v.put(k.substring(8), t.values());
            } else if (k.startsWith("average/")) {
                average.put(k.substring(8), t.values());
            }
        });
        long step;
        long[] rng;
        try {
            step = Long.parseLong(meta.get("step"));
            String[] parts = meta.get("rng.sampler").split(",");
            rng = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                rng[i] = Long.parseLong(parts[i]);
            }
        } catch (RuntimeException e) {
            throw new InvalidInputException(src, "__metadata__.step", "step or rng.sampler is malformed", e);
        }
        return new Checkpoint(step, model, m, v, average, rng, meta.get("config"));
    }

    private static String join(long[] s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length; i++) {
            b.append(i == 0 ? "" : ",").append(s[i]);
        }
        return b.toString();
    }

    private static String digest(Map<String, Tensor> tensors, Map<String, String> sortedMeta) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            for (long d : e.getValue().shape()) {
                md.update(ByteBuffer.allocate(8).putLong(d).array());
            }
            for (float f : e.getValue().values()) {
                if (buf.remaining() < 4) {
                    md.update(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putInt(Float.floatToRawIntBits(f));
            }
            md.update(buf.array(), 0, buf.position());
            buf.clear();
        }
        for (Map.Entry<String, String> e : sortedMeta.entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
