package io.tonno.imaging.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The one way this project publishes a file: readers never see it half-written. The content goes to a hidden
 * temporary file in the same folder ({@code .NAME.RANDOM.tmp}), is forced to disk, and is then moved over the
 * target in one atomic rename (a plain replacing move where the file system cannot rename atomically).
 *
 * <p>The temporary file is created like any other file, so the published file gets the permissions the
 * process umask allows ({@code rw-r--r--} under umask 022). {@code Files.createTempFile} is not used: it
 * creates owner-only ({@code rw-------}) files, and that mode would stay with the published file.
 */
public final class AtomicFiles {
    /** Writes the content of one file to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Writes {@code target} atomically, creating its folder if needed; on failure the target is untouched and the
     * temporary file removed. {@code writer} need not close the stream.
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + abs.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes bytes atomically. */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Writes a UTF-8 string atomically. */
    public static void writeString(Path target, String content) throws IOException {
        writeBytes(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Copies {@code source} to {@code target} atomically (the copy gets the umask's permissions, not the source's). */
    public static void copy(Path source, Path target) throws IOException {
        write(target, out -> Files.copy(source, out));
    }

    /** Writes everything {@code in} yields to {@code target} atomically; the caller closes {@code in}. */
    public static void copy(InputStream in, Path target) throws IOException {
        write(target, in::transferTo);
    }
}
