package io.tonno.cli.stack;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority with a server certificate (for 127.0.0.1 and localhost) and a client
 * certificate, made by {@code openssl} (EC P-256, valid two days) in a test's folder. All PEM; the server's
 * key and chain also as a PKCS#12 key store ({@link #PASSWORD}) for JDK and Jetty servers.
 */
public record TestCertificates(
        Path caPem, Path serverPem, Path serverKey, Path serverP12, Path clientPem, Path clientKey) {
    static final String PASSWORD = "changeit";

    /** Makes the certificates in {@code dir}; skips the test when openssl is missing. */
    public static TestCertificates create(Path dir, String name) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        Path d = Files.createDirectories(dir.resolve(name));
        String ec = "ec";
        openssl(
                d,
                "req",
                "-x509",
                "-newkey",
                ec,
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=tonno test CA " + name,
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        for (String who : new String[] {"server", "client"}) {
            openssl(
                    d,
                    "req",
                    "-newkey",
                    ec,
                    "-pkeyopt",
                    "ec_paramgen_curve:prime256v1",
                    "-nodes",
                    "-keyout",
                    who + ".key",
                    "-out",
                    who + ".csr",
                    "-subj",
                    "/CN=" + (who.equals("server") ? "localhost" : "tonno-client"));
            Files.writeString(
                    d.resolve(who + ".ext"),
                    who.equals("server")
                            ? "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n"
                            : "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n",
                    StandardCharsets.US_ASCII);
            openssl(
                    d,
                    "x509",
                    "-req",
                    "-in",
                    who + ".csr",
                    "-CA",
                    "ca.pem",
                    "-CAkey",
                    "ca.key",
                    "-CAcreateserial",
                    "-out",
                    who + ".pem",
                    "-days",
                    "2",
                    "-extfile",
                    who + ".ext");
        }
        openssl(
                d,
                "pkcs12",
                "-export",
                "-in",
                "server.pem",
                "-inkey",
                "server.key",
                "-certfile",
                "ca.pem",
                "-name",
                "server",
                "-out",
                "server.p12",
                "-passout",
                "pass:" + PASSWORD);
        return new TestCertificates(
                d.resolve("ca.pem"),
                d.resolve("server.pem"),
                d.resolve("server.key"),
                d.resolve("server.p12"),
                d.resolve("client.pem"),
                d.resolve("client.key"));
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("/usr/bin/openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + out);
        }
    }
}
