package io.tonno.activities.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/** A real S3 endpoint for tests: s3proxy in-process with a filesystem blob store under {@code dir}. */
public final class S3ProxyFixture implements AutoCloseable {
    public static final String ACCESS = "tonno-test";
    public static final String SECRET = "tonno-test-secret";

    private final S3Proxy proxy;

    public S3ProxyFixture(Path dir) throws Exception {
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", dir.toString());
        proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem", props))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    /** Settings for a bucket on this endpoint. */
    public StoreSettings settings(String bucket) {
        return new StoreSettings("http://127.0.0.1:" + proxy.getPort(), bucket, ACCESS, SECRET, null);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
