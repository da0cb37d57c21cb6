package io.tonno.classifier.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One reusable native-order direct buffer through which float32 batches enter the engine.
 *
 * <p>Why: {@code NDManager.create(float[], Shape)} copies the values into a new direct
 * {@link ByteBuffer} that the CPU tensor keeps pointing at; that memory returns to the system only when the
 * garbage collector finds the buffer unreachable, which on a large, quiet heap can take thousands of
 * batches (gigabytes of resident memory). Here the buffer is allocated once (grown when a larger batch
 * comes) and each batch is copied into it. On the CPU the tensor aliases the buffer, so the array returned
 * by {@link #wrap} must be closed (its manager closed) before the next call; on a GPU the engine copies the
 * values to the device. Not thread-safe: one per caller.
 */
public final class HostInput {
    private ByteBuffer buffer;

    /**
     * Copies {@code values[offset, offset + length)} into the buffer and returns a float32 array of
     * {@code shape} (whose size must be {@code length}) in {@code manager}.
     */
    public NDArray wrap(NDManager manager, float[] values, int offset, int length, Shape shape) {
        if (shape.size() != length) {
            throw new IllegalArgumentException("shape " + shape + " does not hold " + length + " values");
        }
        long bytes = 4L * length;
        room(bytes).asFloatBuffer().put(values, offset, length);
        buffer.limit((int) bytes);
        return manager.create(buffer, shape, DataType.FLOAT32);
    }

    /**
     * Copies {@code values} into the buffer and returns a float64 array of {@code shape} (whose size must be
     * {@code values.length}) in {@code manager}; the same rule as {@link #wrap}: close it before the next call.
     */
    public NDArray wrap(NDManager manager, double[] values, Shape shape) {
        if (shape.size() != values.length) {
            throw new IllegalArgumentException("shape " + shape + " does not hold " + values.length + " values");
        }
        long bytes = 8L * values.length;
        room(bytes).asDoubleBuffer().put(values);
        buffer.limit((int) bytes);
        return manager.create(buffer, shape, DataType.FLOAT64);
    }

    /** The buffer, cleared, grown to at least {@code bytes}. */
    private ByteBuffer room(long bytes) {
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
        }
        buffer.clear();
        return buffer;
    }
}
