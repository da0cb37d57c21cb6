package io.tonno.activities.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinioArtifactStoreTest {
    @TempDir
    static Path dir;

    static S3ProxyFixture s3;
    static MinioArtifactStore store;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyFixture(Files.createDirectories(dir.resolve("objects")));
        store = MinioArtifactStore.connect(s3.settings("tonno-store-test"));
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
        s3.close();
    }

    @Test
    void createsTheBucketOnFirstUse() throws Exception {
        try (MinioArtifactStore other = MinioArtifactStore.connect(s3.settings("fresh-bucket"))) {
            other.put("a", new byte[] {1});
            assertTrue(other.exists("a"));
        }
        assertTrue(Files.isDirectory(dir.resolve("objects/fresh-bucket")));
    }

    @Test
    void putsAndGetsBytesFilesAndStreams() throws Exception {
        byte[] bytes = new byte[3 << 20];
        new Random(1).nextBytes(bytes);
        store.put("exp/a.bin", bytes);
        assertArrayEquals(bytes, store.get("exp/a.bin"));
        try (InputStream in = store.open("exp/a.bin")) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        Path src = dir.resolve("src.bin");
        Files.write(src, bytes);
        store.putFile("exp/b.bin", src);
        Path dst = dir.resolve("out/dst.bin");
        store.getFile("exp/b.bin", dst);
        assertArrayEquals(bytes, Files.readAllBytes(dst));
    }

    @Test
    void listsKeysUnderAPrefixRecursivelyInOrder() throws Exception {
        store.put("list/b/2.txt", "2".getBytes(StandardCharsets.UTF_8));
        store.put("list/a.txt", "a".getBytes(StandardCharsets.UTF_8));
        store.put("list/b/1.txt", "1".getBytes(StandardCharsets.UTF_8));
        store.put("listing-other", "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("list/a.txt", "list/b/1.txt", "list/b/2.txt"), store.list("list/"));
    }

    @Test
    void missingKeysRaiseNoSuchFileNamingTheKey() throws Exception {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> store.get("nope/x.json"));
        assertTrue(e.getMessage().contains("tonno-store-test/nope/x.json"), e.getMessage());
        assertFalse(store.exists("nope/x.json"));
    }

    @Test
    void deletesAndToleratesMissingKeys() throws Exception {
        store.put("del/x", new byte[] {1});
        store.delete("del/x");
        assertFalse(store.exists("del/x"));
        store.delete("del/x");
    }

    @Test
    void publishReplacesTheObjectAndLeavesNoTemporaryKey() throws Exception {
        store.publish("pub/manifest.json", "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        store.publish("pub/manifest.json", "{\"v\":2}".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("big.bin");
        Files.write(file, new byte[100_000]);
        store.publishFile("pub/big.bin", file);
        assertEquals("{\"v\":2}", new String(store.get("pub/manifest.json"), StandardCharsets.UTF_8));
        assertEquals(List.of("pub/big.bin", "pub/manifest.json"), store.list("pub/"));
        assertEquals(100_000, store.get("pub/big.bin").length);
    }

    @Test
    void storeSocketsSendSmallWritesAtOnce() throws Exception {
        // Nagle's algorithm held each PUT's body until the server's delayed ACK (~40 ms a PUT).
        try (java.net.Socket socket = new NoDelaySocketFactory().createSocket()) {
            assertTrue(socket.getTcpNoDelay());
        }
    }

    @Test
    void neverPrintsTheSecretKey() {
        String text = s3.settings("b").toString() + store;
        assertFalse(text.contains(S3ProxyFixture.SECRET), text);
    }

    @Test
    void wrongCredentialsFailWithAnIoExceptionWithoutTheSecret() {
        StoreSettings bad = new StoreSettings(
                s3.settings("x").endpoint(), "tonno-store-test", "tonno-test", "wrong-secret-123", null);
        Exception e = assertThrows(java.io.IOException.class, () -> MinioArtifactStore.connect(bad));
        assertFalse(String.valueOf(e.getMessage()).contains("wrong-secret-123"));
    }
}
