package io.tonno.cli.stack;

import io.tonno.activities.plugin.TonnoConfig;
import io.tonno.activities.store.StoreSettings;
import io.tonno.cli.ProcessSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * What the {@link EmbeddedStack} and the {@link LocalCluster} both run in this JVM: an s3proxy on 127.0.0.1 over a
 * directory of objects, and the settings of a client or worker of such local services.
 */
final class LocalServices {
    private LocalServices() {}

    /**
     * Starts an s3proxy (filesystem backend) on {@code 127.0.0.1:port} (0 picks a free port) and waits up to 30 s
     * until it serves.
     *
     * @param objects     the directory holding the buckets
     * @param credentials whose access and secret key the proxy accepts
     */
    static S3Proxy startS3(Path objects, int port, StoreSettings credentials) throws Exception {
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", objects.toAbsolutePath().toString());
        S3Proxy s3 = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem", props))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, credentials.accessKey(), credentials.secretKey())
                .build();
        s3.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"STARTED".equals(s3.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start on port " + port + ": " + s3.getState());
            }
            Thread.sleep(10);
        }
        return s3;
    }

    /**
     * The settings of a client or worker of local services: Temporal at {@code temporalAddress} without TLS, the
     * store at {@code s3Endpoint} with {@code base}'s bucket, credentials and region, and {@code base}'s device,
     * slots, queues and paths.
     */
    static ProcessSettings settings(ProcessSettings base, String temporalAddress, String s3Endpoint) {
        TonnoConfig plugin = base.plugin();
        StoreSettings store = new StoreSettings(
                s3Endpoint,
                plugin.store().bucket(),
                plugin.store().accessKey(),
                plugin.store().secretKey(),
                plugin.store().region());
        return ProcessSettings.local(
                temporalAddress,
                new TonnoConfig(
                        store,
                        plugin.device(),
                        plugin.gpuSlots(),
                        plugin.cpuSlots(),
                        plugin.queues(),
                        false,
                        null,
                        plugin.paths()));
    }
}
