package io.tonno.classifier.weights;

import java.util.Arrays;

/**
 * One tensor read from or written to a safetensors file: values as float32 whatever the stored dtype,
 * row-major in {@code shape}.
 *
 * @param dtype  stored dtype ({@code F32}, {@code F16}, {@code BF16}, {@code F64}, {@code I64}, {@code I32}, ...)
 * @param shape  dimensions, outermost first
 * @param values {@code prod(shape)} values
 */
public record Tensor(String dtype, long[] shape, float[] values) {
    /** A float32 tensor. */
    public static Tensor f32(long[] shape, float[] values) {
        return new Tensor("F32", shape, values);
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
