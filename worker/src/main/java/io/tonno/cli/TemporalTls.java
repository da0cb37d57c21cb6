package io.tonno.cli;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How {@code tonno} connects to the Temporal frontend: plaintext, TLS, or mutual TLS (a client certificate).
 * Files are PEM: {@code ca} the certificate(s) of the CA that signed the server's certificate (absent: the
 * JVM's trust store), {@code cert} the client certificate chain and {@code key} its PKCS#8 private key (both or
 * neither). The key stays in the process; {@link #toString()} shows only file names.
 *
 * @param enabled TLS on; also on whenever one of the files is given
 * @param ca      CA bundle, or null
 * @param cert    client certificate chain, or null
 * @param key     client private key (PKCS#8 PEM, unencrypted), or null
 * @param serverName the name to verify the server's certificate against (and send as SNI and {@code :authority})
 *                instead of the address's host, or null: for a frontend reached by IP or through a load balancer
 *                whose certificate names another host
 */
public record TemporalTls(boolean enabled, String ca, String cert, String key, String serverName) {
    /** Plaintext. */
    public static final TemporalTls NONE = new TemporalTls(false, null, null, null, null);

    public TemporalTls {
        ca = blankToNull(ca);
        cert = blankToNull(cert);
        key = blankToNull(key);
        serverName = blankToNull(serverName);
        enabled = enabled || ca != null || cert != null || key != null || serverName != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** True when a client certificate is presented (mTLS). */
    public boolean mutual() {
        return cert != null;
    }

    /**
     * The gRPC client SSL context (ALPN h2, as gRPC needs), or null for plaintext.
     *
     * @throws UncheckedIOException naming the setting when a file is not valid PEM
     */
    public SslContext sslContext() {
        if (!enabled) {
            return null;
        }
        try {
            SslContextBuilder builder = GrpcSslContexts.forClient();
            if (ca != null) {
                builder.trustManager(new File(ca));
            }
            if (cert != null) {
                builder.keyManager(new File(cert), new File(key));
            }
            return builder.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException(
                    "temporal.tls: cannot use ca " + ca + ", cert " + cert + ", key " + key + ": " + e.getMessage(),
                    e));
        }
    }
}
