package io.tonno.activities.store;

import java.util.Objects;

/**
 * Where the artifact store is and how to authenticate. The secret key never appears in
 * {@link #toString()}, logs or Temporal payloads: it comes from the environment or the worker's
 * config file and stays in the worker process.
 *
 * @param endpoint  e.g. {@code http://127.0.0.1:9000} (MinIO, s3proxy) or {@code https://s3.amazonaws.com}
 * @param bucket    the bucket, created on first use when missing
 * @param accessKey access key id
 * @param secretKey secret access key
 * @param region    signing region ({@code us-east-1} for MinIO and s3proxy)
 */
public record StoreSettings(String endpoint, String bucket, String accessKey, String secretKey, String region) {
    public StoreSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(bucket, "bucket");
        region = region == null || region.isBlank() ? "us-east-1" : region;
    }

    @Override
    public String toString() {
        return "StoreSettings[endpoint=" + endpoint + ", bucket=" + bucket + ", accessKey=" + accessKey
                + ", secretKey=" + (secretKey == null ? "none" : "***") + ", region=" + region + "]";
    }
}
