package io.tonno.classifier.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Copies host float arrays into engine-owned tensors through one reused direct buffer; for long-lived
 * tensors (weights, optimizer moments).
 *
 * <p>Why: {@code NDManager.create(float[], Shape)} copies the values into a new direct {@link ByteBuffer}
 * that the CPU tensor keeps pointing at. Closing the tensor does not free that buffer: it returns to the
 * system only when the garbage collector finds it unreachable, and a buffer that lived as long as a network
 * has reached the old generation, so that is the next full collection, which on a large, quiet heap may
 * never come (issue 20: a worker that restores a checkpoint each training segment grew by the weights' and
 * the moments' size, about 60 MB for ResNet-10-T, per segment). Here each array is staged in the buffer,
 * cloned by the engine into memory it owns, and the staging view is released at once, so closing the
 * returned tensor frees everything. Not thread-safe: one per caller.
 */
public final class EngineCopy {
    private ByteBuffer buffer;

    /** A staging buffer grown as needed (each growth leaves the former buffer to the garbage collector). */
    public EngineCopy() {}

    /** A staging buffer of {@code floats} values allocated at once: give the largest array to copy. */
    public EngineCopy(long floats) {
        buffer = ByteBuffer.allocateDirect(Math.toIntExact(Math.max(4, 4 * floats)))
                .order(ByteOrder.nativeOrder());
    }

    /** A float32 tensor of {@code shape} holding {@code values}, in {@code manager}, in engine memory. */
    public NDArray of(NDManager manager, float[] values, Shape shape) {
        if (shape.size() != values.length) {
            throw new IllegalArgumentException("shape " + shape + " does not hold " + values.length + " values");
        }
        long bytes = 4L * values.length;
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(Math.toIntExact(Math.max(bytes, 4)))
                    .order(ByteOrder.nativeOrder());
        }
        buffer.clear();
        buffer.asFloatBuffer().put(values);
        buffer.limit((int) bytes);
        try (NDManager staging = manager.newSubManager()) {
            NDArray owned = staging.create(buffer, shape, DataType.FLOAT32).duplicate();
            owned.attach(manager);
            return owned;
        }
    }
}
