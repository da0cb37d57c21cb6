package io.tonno.activities.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * An HTTP client for the artifact store that trusts exactly the certificates of one PEM bundle (a private or
 * self-signed CA), as {@code curl --cacert} does. Without a bundle the MinIO client uses the JVM's trust store.
 */
final class TrustBundle {
    /** MinIO's own defaults: 5 minutes to connect, write and read. */
    static final long TIMEOUT_MINUTES = 5;

    private TrustBundle() {}

    /** A trust manager for the X.509 certificates in {@code pem}. */
    static X509TrustManager trustManager(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IOException("CA bundle " + pem + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IOException("no X.509 trust manager for CA bundle " + pem);
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    "CA bundle " + pem + " is not a PEM file of X.509 certificates: " + e.getMessage(), e);
        }
    }

    /** An OkHttp client trusting only the certificates of {@code pem}. */
    static OkHttpClient httpClient(Path pem) throws IOException {
        X509TrustManager trust = trustManager(pem);
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {trust}, null);
            return new OkHttpClient.Builder()
                    .connectTimeout(TIMEOUT_MINUTES, TimeUnit.MINUTES)
                    .writeTimeout(TIMEOUT_MINUTES, TimeUnit.MINUTES)
                    .readTimeout(TIMEOUT_MINUTES, TimeUnit.MINUTES)
                    .sslSocketFactory(tls.getSocketFactory(), trust)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS with CA bundle " + pem + ": " + e.getMessage(), e);
        }
    }
}
