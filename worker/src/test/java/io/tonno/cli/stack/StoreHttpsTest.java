package io.tonno.cli.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.activities.plugin.TonnoConfig;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.activities.store.StoreSettings;
import io.tonno.cli.ConfigLoader;
import io.tonno.cli.ProcessSettings;
import io.tonno.imaging.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The artifact store over HTTPS for real (s3proxy's secure endpoint with a certificate of a throwaway CA),
 * configured through {@link ConfigLoader}; and credentials never in settings' text or store errors.
 */
public class StoreHttpsTest {
    static final String ACCESS = "AKIAhttpsAccess42";
    static final String SECRET = "https-s3cr3t-Vb7-never-print";

    @TempDir
    static Path dir;

    static TestCertificates certs;
    static S3Proxy s3;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create(dir, "s3");
        Properties props = new Properties();
        props.setProperty(
                "jclouds.filesystem.basedir",
                Files.createDirectories(dir.resolve("objects")).toString());
        s3 = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem", props))
                .secureEndpoint(URI.create("https://127.0.0.1:0"))
                .keyStore(certs.serverP12().toString(), TestCertificates.PASSWORD)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
                .build();
        s3.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(s3.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + s3.getState());
            }
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        s3.stop();
    }

    private static ProcessSettings settings(String endpoint, String ca, String secret) throws InvalidInputException {
        Map<String, String> flags = new HashMap<>();
        flags.put("store.endpoint", endpoint);
        flags.put("store.ca", ca);
        return ConfigLoader.load(flags, null, Map.of("TONNO_S3_ACCESS_KEY", ACCESS, "TONNO_S3_SECRET_KEY", secret));
    }

    private static String https() {
        return "https://127.0.0.1:" + s3.getSecurePort();
    }

    private static String everything(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void roundTripsOverHttpsWithTheCustomCa() throws Exception {
        ProcessSettings s = settings(https(), certs.caPem().toString(), SECRET);
        try (ArtifactStore store = MinioArtifactStore.connect(s.plugin().store())) {
            byte[] bytes = "heatmap over TLS".getBytes(StandardCharsets.UTF_8);
            store.publish("experiments/tls/x.bin", bytes);
            assertArrayEquals(bytes, store.get("experiments/tls/x.bin"));
            assertEquals(java.util.List.of("experiments/tls/x.bin"), store.list("experiments/tls/"));
        }
    }

    @Test
    void refusesTheSelfSignedEndpointWithoutTheCaWithAClearMessage() throws Exception {
        IOException e = assertThrows(
                IOException.class,
                () -> MinioArtifactStore.connect(
                        settings(https(), null, SECRET).plugin().store()));
        assertTrue(e.getMessage().contains("TLS with " + https() + " failed"), e.getMessage());
        assertTrue(e.getMessage().contains("TONNO_S3_CA"), e.getMessage());
        assertFalse(everything(e).contains(SECRET), "the secret is in the exception");
    }

    @Test
    void wrongSecretAndUnreachableEndpointNeverShowTheSecret() throws Exception {
        String wrong = "wrong-secret-Qx81-never-print";
        IOException denied = assertThrows(
                IOException.class,
                () -> MinioArtifactStore.connect(settings(https(), certs.caPem().toString(), wrong)
                        .plugin()
                        .store()));
        assertTrue(denied.getMessage().contains("artifact store"), denied.getMessage());
        IOException unreachable = assertThrows(
                IOException.class,
                () -> MinioArtifactStore.connect(
                        settings("http://127.0.0.1:1", null, SECRET).plugin().store()));
        for (IOException e : new IOException[] {denied, unreachable}) {
            String text = everything(e);
            assertFalse(text.contains(SECRET) || text.contains(wrong), "a secret is in:\n" + text);
        }
    }

    @Test
    void settingsTextRedactsCredentials() throws Exception {
        ProcessSettings s = settings(https(), certs.caPem().toString(), SECRET);
        TonnoConfig config = s.plugin();
        StoreSettings store = s.plugin().store();
        for (String text : new String[] {s.toString(), config.toString(), store.toString()}) {
            assertFalse(text.contains(SECRET), text);
            assertFalse(text.contains(ACCESS), text);
            assertTrue(text.contains("secretKey=***"), text);
        }
    }

    @Test
    void aCaBundleNeedsAnHttpsEndpoint() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> settings("http://127.0.0.1:9000", certs.caPem().toString(), SECRET));
        assertTrue(e.getMessage().contains("store.ca: a CA bundle needs an https:// endpoint"), e.getMessage());
    }
}
