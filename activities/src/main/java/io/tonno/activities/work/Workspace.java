package io.tonno.activities.work;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.support.TonnoJson;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.io.AtomicFiles;
import io.tonno.imaging.io.Nifti;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An activity worker's view of the artifact store: a local cache directory ({@code root/cache/KEY}) of
 * artifacts it has read or written, and scratch directories for outputs before they are published.
 *
 * <p>Caching rule: only keys whose content is fixed by the experiment's settings are cached
 * ({@code data/}, {@code model/step-*}, chunks, heatmaps). Writes go through the cache (write then
 * publish, then copy into the cache), so a worker never re-downloads what it produced. A key rewritten
 * under other settings of the same experiment id (a changed spec) is refreshed by its writer on that
 * worker; other workers should use a new experiment id for changed settings (documented in
 * docs/orchestration.md).
 */
public final class Workspace {
    private final ArtifactStore store;
    private final Path root;
    private final ObjectMapper json = TonnoJson.newMapper();

    /**
     * @param store the artifact store
     * @param root  the worker's cache directory, created when missing
     */
    public Workspace(ArtifactStore store, Path root) {
        this.store = Objects.requireNonNull(store, "store");
        this.root = root.toAbsolutePath();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("creating the work directory " + root, e);
        }
    }

    public ArtifactStore store() {
        return store;
    }

    public ObjectMapper json() {
        return json;
    }

    /** The local copy of {@code key}, downloaded (atomically) unless already cached. */
    public Path fetch(String key) throws IOException {
        Path local = cachePath(key);
        if (!Files.isRegularFile(local)) {
            Files.createDirectories(local.getParent());
            store.getFile(key, local);
        }
        return local;
    }

    /** Reads a cached NIfTI artifact. */
    public Volume volume(String key) throws IOException, InvalidInputException {
        return Nifti.read(fetch(key));
    }

    /** Publishes {@code file} under {@code key} and keeps a copy in the cache. */
    public void publish(String key, Path file) throws IOException {
        store.publishFile(key, file);
        Path local = cachePath(key);
        AtomicFiles.copy(file, local);
    }

    /** Publishes bytes (JSON, small artifacts) under {@code key}; not cached. */
    public void publish(String key, byte[] bytes) throws IOException {
        store.publish(key, bytes);
    }

    /** Writes {@code volume} as float32 NIfTI and publishes it under {@code key}. */
    public void publishFloat32(String key, Volume volume) throws IOException {
        try (Scratch s = scratch()) {
            Path file = s.dir().resolve("volume.nii.gz");
            Nifti.writeFloat32(volume, file);
            publish(key, file);
        }
    }

    /** Writes {@code mask} as uint8 NIfTI and publishes it under {@code key}. */
    public void publishUint8(String key, Volume mask) throws IOException {
        try (Scratch s = scratch()) {
            Path file = s.dir().resolve("mask.nii.gz");
            Nifti.writeUint8(mask, file);
            publish(key, file);
        }
    }

    /** A new empty directory, deleted on close. */
    public Scratch scratch() throws IOException {
        Path dir = Files.createDirectories(
                root.resolve("scratch").resolve(UUID.randomUUID().toString()));
        return new Scratch(dir);
    }

    /** A persistent directory under the work root (e.g. a training run's local state). */
    public Path directory(String name) throws IOException {
        return Files.createDirectories(root.resolve("runs").resolve(name));
    }

    private Path cachePath(String key) {
        Path p = root.resolve("cache").resolve(key).normalize();
        if (!p.startsWith(root.resolve("cache"))) {
            throw new IllegalArgumentException("key escapes the cache: " + key);
        }
        return p;
    }

    /** A scratch directory, deleted with its contents on close. */
    public record Scratch(Path dir) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            deleteTree(dir);
        }
    }

    /** Deletes a directory tree; a missing one is fine. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
