package io.tonno.imaging.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes one standard single-member gzip stream whose deflate blocks are compressed in parallel, the way
 * pigz does: each block of input is deflated independently and ended with a sync flush (byte-aligned, not
 * final), the last one with finish, and the raw deflate outputs are concatenated between one gzip header
 * and one CRC-32/length trailer. Any gzip reader (zlib, Python, Java) reads the result; only the ratio
 * drops slightly because blocks do not share their history.
 *
 * <p>Memory: at most {@code 2 × parallelism} blocks (input + output) are in flight.
 */
final class ParallelGzipWriter {
    /** Produces the raw bytes of block {@code index} (all blocks but the last have {@code blockBytes}). */
    interface BlockSource {
        byte[] block(int index);
    }

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private ParallelGzipWriter() {}

    /**
     * Writes {@code blocks} blocks from {@code source} as one gzip member at the given deflate level.
     * Block production and compression run on the common fork-join pool; writing stays in order.
     */
    static void write(OutputStream out, int blocks, BlockSource source, int level) throws IOException {
        out.write(HEADER);
        CRC32 crc = new CRC32();
        long total = 0;
        int window = Math.max(2, 2 * java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
        ArrayDeque<CompletableFuture<byte[][]>> pending = new ArrayDeque<>();
        int next = 0;
        while (next < blocks || !pending.isEmpty()) {
            while (next < blocks && pending.size() < window) {
                final int index = next++;
                final boolean last = index == blocks - 1;
                pending.add(CompletableFuture.supplyAsync(() -> {
                    byte[] raw = source.block(index);
                    return new byte[][] {raw, deflate(raw, level, last)};
                }));
            }
            byte[][] done;
            try {
                done = pending.poll().join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IOException("parallel gzip compression failed", e.getCause());
            }
            crc.update(done[0]);
            total += done[0].length;
            out.write(done[1]);
        }
        byte[] trailer = new byte[8];
        int c = (int) crc.getValue();
        int n = (int) total; // ISIZE is the length modulo 2^32
        for (int b = 0; b < 4; b++) {
            trailer[b] = (byte) (c >>> (8 * b));
            trailer[4 + b] = (byte) (n >>> (8 * b));
        }
        out.write(trailer);
    }

    /** Raw deflate of one block; sync-flushed (byte-aligned, not final) unless it is the last block. */
    static byte[] deflate(byte[] raw, int level, boolean last) {
        Deflater d = new Deflater(level, true);
        try {
            d.setInput(raw);
            if (last) {
                d.finish();
            }
            java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream(raw.length / 2 + 64);
            byte[] buf = new byte[1 << 16];
            while (true) {
                int got = last ? d.deflate(buf) : d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                bos.write(buf, 0, got);
                if (last ? d.finished() : got < buf.length && d.needsInput()) {
                    break;
                }
            }
            return bos.toByteArray();
        } finally {
            d.end();
        }
    }
}
