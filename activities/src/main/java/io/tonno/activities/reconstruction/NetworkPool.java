package io.tonno.activities.reconstruction;

import io.tonno.classifier.inference.SliceModel;
import io.tonno.imaging.InvalidInputException;
import io.tonno.workflows.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps the networks of the most recent checkpoint (or brought model) loaded between chunk activities, so that a worker
 * does not re-read and re-build the network for every chunk (about a second per chunk on a CPU). One
 * network per concurrently running activity (networks are not thread-safe); networks of an older
 * checkpoint are closed as soon as they are idle, and all of them when the pool is closed (worker
 * shutdown), so native memory stays bounded by the activity slots.
 */
final class NetworkPool implements AutoCloseable {
    private String currentKey;
    private final Deque<SliceModel> idle = new ArrayDeque<>();
    private boolean closed;

    /** A borrowed network; give it back with {@link #release}. */
    record Lease(String key, SliceModel net) {}

    /** A network of {@code checkpoint} (read from {@code file} when none is idle). */
    Lease borrow(String checkpointKey, Path file, ModelSpec model, String device)
            throws IOException, InvalidInputException {
        String key = checkpointKey + "|" + model + "|" + device;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the network pool is closed (worker shutting down)");
            }
            if (!key.equals(currentKey)) {
                closeIdle();
                currentKey = key;
            } else if (!idle.isEmpty()) {
                return new Lease(key, idle.pop());
            }
        }
        return new Lease(key, ExperimentNetworks.loadModel(checkpointKey, file, model, device));
    }

    /** Returns a network: kept when it is of the current checkpoint, closed otherwise. */
    synchronized void release(Lease lease) {
        if (!closed && lease.key().equals(currentKey)) {
            idle.push(lease.net());
        } else {
            lease.net().close();
        }
    }

    private void closeIdle() {
        while (!idle.isEmpty()) {
            idle.pop().close();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeIdle();
    }
}
