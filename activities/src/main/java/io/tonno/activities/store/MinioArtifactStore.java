package io.tonno.activities.store;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.HttpUtils;
import io.minio.messages.Item;
import io.tonno.imaging.io.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ArtifactStore} over the MinIO Java client; works with MinIO, AWS S3 and s3proxy. The bucket
 * is created when missing. Checked exceptions of the client become {@link IOException} with the
 * bucket and key in the message (never the credentials).
 */
public final class MinioArtifactStore implements ArtifactStore {
    private static final Logger LOG = LoggerFactory.getLogger(MinioArtifactStore.class);
    /** Part size of multipart uploads of streams of unknown length. */
    private static final long PART_SIZE = 16L << 20;

    private final MinioClient client;
    private final String bucket;
    private final String endpoint;
    private final boolean customTrust;

    private MinioArtifactStore(MinioClient client, String bucket, String endpoint, boolean customTrust) {
        this.client = client;
        this.bucket = bucket;
        this.endpoint = endpoint;
        this.customTrust = customTrust;
    }

    /**
     * Connects, and creates the bucket when it does not exist. With {@link StoreSettings#caBundle()} the
     * client trusts exactly that bundle's certificates (an {@code https} endpoint with a private CA).
     */
    public static MinioArtifactStore connect(StoreSettings settings) throws IOException {
        MinioClient.Builder builder = MinioClient.builder()
                .endpoint(settings.endpoint())
                .region(settings.region())
                .credentials(settings.accessKey(), settings.secretKey());
        long timeout = TimeUnit.MINUTES.toMillis(TrustBundle.TIMEOUT_MINUTES);
        OkHttpClient http = settings.caBundle() != null
                ? TrustBundle.httpClient(Path.of(settings.caBundle()))
                : HttpUtils.newDefaultHttpClient(timeout, timeout, timeout);
        builder.httpClient(
                http.newBuilder().socketFactory(new NoDelaySocketFactory()).build(), true);
        MinioClient client = builder.build();
        MinioArtifactStore store =
                new MinioArtifactStore(client, settings.bucket(), settings.endpoint(), settings.caBundle() != null);
        store.ensureBucket();
        LOG.info("artifact store {} bucket {}", settings.endpoint(), settings.bucket());
        return store;
    }

    private void ensureBucket() throws IOException {
        call("bucket", () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    LOG.info("created bucket {}", bucket);
                } catch (ErrorResponseException e) {
                    // Workers starting together race to create it: someone else's success is ours.
                    String code =
                            e.errorResponse() == null ? "" : e.errorResponse().code();
                    if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        call(
                key,
                () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(
                                new ByteArrayInputStream(bytes), bytes.length, -1)
                        .build()));
    }

    @Override
    public void putFile(String key, Path file) throws IOException {
        call(
                key,
                () -> client.uploadObject(UploadObjectArgs.builder()
                        .bucket(bucket)
                        .object(key)
                        .filename(file.toString(), PART_SIZE)
                        .build()));
    }

    @Override
    public byte[] get(String key) throws IOException {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        }
    }

    @Override
    public void getFile(String key, Path file) throws IOException {
        try (InputStream in = open(key)) {
            AtomicFiles.copy(in, file);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        return call(
                key,
                () -> client.getObject(
                        GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            call(
                    key,
                    () -> client.statObject(
                            StatObjectArgs.builder().bucket(bucket).object(key).build()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return call(prefix, () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket)
                    .prefix(prefix)
                    .recursive(true)
                    .build())) {
                keys.add(r.get().objectName());
            }
            keys.sort(null);
            return keys;
        });
    }

    @Override
    public void delete(String key) throws IOException {
        call(key, () -> {
            client.removeObject(
                    RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    /**
     * One PUT: S3, MinIO and s3proxy make an object visible only once its upload is complete (a single
     * PUT, or a multipart upload at its CompleteMultipartUpload; s3proxy's filesystem backend writes a
     * temporary file and renames it), so readers see the old object or the new one.
     */
    @Override
    public void publish(String key, byte[] bytes) throws IOException {
        put(key, bytes);
    }

    @Override
    public void publishFile(String key, Path file) throws IOException {
        putFile(key, file);
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } catch (Exception e) {
            throw new IOException("closing the artifact store client of bucket " + bucket, e);
        }
    }

    @Override
    public String toString() {
        return "MinioArtifactStore[bucket=" + bucket + "]";
    }

    private static javax.net.ssl.SSLException tlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    private String tlsMessage(javax.net.ssl.SSLException e) {
        return "artifact store: TLS with " + endpoint + " failed (" + e.getMessage() + "); "
                + (customTrust
                        ? "the certificate is not signed by the CA bundle store.ca (TONNO_S3_CA)"
                        : "for a private or self-signed certificate set TONNO_S3_CA (store.ca, --s3-ca) to its CA's PEM file");
    }

    private interface StoreCall<T> {
        T run() throws Exception;
    }

    private <T> T call(String key, StoreCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (ErrorResponseException e) {
            String code = e.errorResponse() == null ? "" : e.errorResponse().code();
            if ("NoSuchKey".equals(code)
                    || "NoSuchObject".equals(code)
                    || e.response().code() == 404) {
                throw new NoSuchFileException("s3://" + bucket + "/" + key);
            }
            throw new IOException("artifact store: " + code + " on s3://" + bucket + "/" + key, e);
        } catch (IOException e) {
            if (tlsFailure(e) != null) {
                throw new IOException(tlsMessage(tlsFailure(e)), e);
            }
            throw e;
        } catch (Exception e) {
            if (tlsFailure(e) != null) {
                throw new IOException(tlsMessage(tlsFailure(e)), e);
            }
            throw new IOException(
                    "artifact store: " + e.getClass().getSimpleName() + " on s3://" + bucket + "/" + key + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
