package io.tonno.activities.store;

import java.util.Objects;

/**
 * Where the artifact store is and how to authenticate. The secret key never appears in
 * {@link #toString()}, logs or Temporal payloads: it comes from the environment or the worker's
 * config file and stays in the worker process. {@link #toString()} shows only the first characters
 * of the access key.
 *
 * @param endpoint  e.g. {@code http://127.0.0.1:9000} (MinIO, s3proxy) or {@code https://s3.amazonaws.com}
 * @param bucket    the bucket, created on first use when missing
 * @param accessKey access key id
 * @param secretKey secret access key
 * @param region    signing region ({@code us-east-1} for MinIO and s3proxy)
 * @param caBundle  PEM file of the CA certificate(s) to trust for an {@code https} endpoint with a private or
 *                  self-signed certificate (then only these are trusted), or null for the JVM's trust store
 */
public record StoreSettings(
        String endpoint, String bucket, String accessKey, String secretKey, String region, String caBundle) {
    public StoreSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(bucket, "bucket");
        region = region == null || region.isBlank() ? "us-east-1" : region;
        caBundle = caBundle == null || caBundle.isBlank() ? null : caBundle;
    }

    /** Settings trusting the JVM's certificate authorities. */
    public StoreSettings(String endpoint, String bucket, String accessKey, String secretKey, String region) {
        this(endpoint, bucket, accessKey, secretKey, region, null);
    }

    /** A copy with another endpoint (e.g. the port actually bound). */
    public StoreSettings withEndpoint(String otherEndpoint) {
        return new StoreSettings(otherEndpoint, bucket, accessKey, secretKey, region, caBundle);
    }

    @Override
    public String toString() {
        return "StoreSettings[endpoint=" + endpoint + ", bucket=" + bucket + ", accessKey=" + redact(accessKey)
                + ", secretKey=" + (secretKey == null ? "none" : "***") + ", region=" + region + ", caBundle="
                + (caBundle == null ? "none" : caBundle) + "]";
    }

    /** The first three characters of a credential followed by {@code ***}; short ones entirely hidden. */
    static String redact(String credential) {
        if (credential == null) {
            return "none";
        }
        return credential.length() <= 6 ? "***" : credential.substring(0, 3) + "***";
    }
}
