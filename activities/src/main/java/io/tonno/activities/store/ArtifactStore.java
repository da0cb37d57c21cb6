package io.tonno.activities.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A flat key-value store of artifacts (NIfTI volumes, checkpoints, JSON, reports) addressed by
 * {@code /}-separated keys such as {@code experiments/e1/data/case-1/image.nii.gz} (layout in
 * {@code io.tonno.workflows.ArtifactKeys}). Readers never see a half-written object: {@code put}
 * and {@code publish} make an object visible whole or not at all.
 *
 * <p>Missing keys raise {@link NoSuchFileException} naming the key; other store errors (unreachable,
 * denied) raise {@link IOException} and are worth retrying. Implementations are thread-safe.
 */
public interface ArtifactStore extends AutoCloseable {
    /** Stores {@code bytes} under {@code key}, replacing any object there. */
    void put(String key, byte[] bytes) throws IOException;

    /** Uploads {@code file} under {@code key}, replacing any object there. */
    void putFile(String key, Path file) throws IOException;

    /** The whole object. */
    byte[] get(String key) throws IOException;

    /** Downloads the object to {@code file} (written under a temporary name, then moved into place). */
    void getFile(String key, Path file) throws IOException;

    /** A stream of the object; the caller closes it. */
    InputStream open(String key) throws IOException;

    /** Whether an object exists under {@code key}. */
    boolean exists(String key) throws IOException;

    /** Keys starting with {@code prefix}, recursively, in lexicographic order. */
    List<String> list(String prefix) throws IOException;

    /** Removes the object; a missing key is not an error. */
    void delete(String key) throws IOException;

    /**
     * Atomic publish: readers of {@code key} see the old object or the new one, never part of it, and
     * a crash mid-upload leaves no object. An S3 PUT (single or multipart) already has this property,
     * so the S3 implementation is one PUT; {@code publish} names the intent at call sites: the object
     * marks something done (a stage manifest, a chunk, a checkpoint pointer).
     */
    void publish(String key, byte[] bytes) throws IOException;

    /** {@link #publish(String, byte[])} for a file. */
    void publishFile(String key, Path file) throws IOException;

    /** Releases connections. */
    @Override
    void close() throws IOException;

    /**
     * Whether a key is a leftover temporary ({@code ".tmp-"} in its name) of an older tonno's publish,
     * which wrote a temporary key and copied it into place; listings skip them.
     */
    static boolean isTemporary(String key) {
        return key.contains(".tmp-");
    }
}
