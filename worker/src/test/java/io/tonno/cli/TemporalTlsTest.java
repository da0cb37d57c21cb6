package io.tonno.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.tonno.cli.stack.ConnectionOptions;
import io.tonno.cli.stack.TestCertificates;
import io.tonno.cli.stack.TlsProxy;
import io.tonno.imaging.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS to Temporal for real: the test server listens in plaintext behind a TLS-terminating
 * proxy ({@link TlsProxy}) whose certificate is signed by a throwaway CA. Clients configured through
 * {@link ConfigLoader} connect with the CA (and a client certificate for mTLS) and are refused without.
 */
public class TemporalTlsTest {
    @TempDir
    static Path dir;

    static TestServicesStarter temporal;
    static Server grpc;
    static TestCertificates certs;
    static TestCertificates otherCa;
    static TlsProxy tls;
    static TlsProxy mtls;

    @BeforeAll
    static void start() throws Exception {
        temporal = new TestServicesStarter(true, 0L);
        ServerBuilder<?> builder = NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create());
        for (BindableService service : temporal.getServices()) {
            builder.addService(service);
        }
        grpc = builder.build().start();
        certs = TestCertificates.create(dir, "cluster");
        otherCa = TestCertificates.create(dir, "other");
        tls = new TlsProxy(certs, false, grpc.getPort());
        mtls = new TlsProxy(certs, true, grpc.getPort());
    }

    @AfterAll
    static void stop() throws Exception {
        tls.close();
        mtls.close();
        grpc.shutdownNow();
        grpc.awaitTermination(10, TimeUnit.SECONDS);
        temporal.close();
    }

    private static ProcessSettings settings(int port, String... flags) throws InvalidInputException {
        Map<String, String> f = new HashMap<>();
        f.put("temporal.address", "127.0.0.1:" + port);
        for (int i = 0; i < flags.length; i += 2) {
            f.put(flags[i], flags[i + 1]);
        }
        return ConfigLoader.load(f, null, Map.of());
    }

    /** One RPC with a deadline (no SDK retries), so a refused connection fails within seconds. */
    private static void ping(ProcessSettings settings) {
        WorkflowServiceStubs stubs = ConnectionOptions.stubs(settings);
        try {
            stubs.blockingStub()
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        } finally {
            stubs.shutdownNow();
        }
    }

    private static String startProbe(ProcessSettings settings, String id) {
        WorkflowServiceStubs stubs = ConnectionOptions.stubs(settings);
        try {
            WorkflowClient client = WorkflowClient.newInstance(
                    stubs,
                    WorkflowClientOptions.newBuilder()
                            .setNamespace(settings.namespace())
                            .build());
            return client.newUntypedWorkflowStub(
                            "TlsProbe",
                            WorkflowOptions.newBuilder()
                                    .setTaskQueue("nobody")
                                    .setWorkflowId(id)
                                    .build())
                    .start()
                    .getRunId();
        } finally {
            stubs.shutdownNow();
        }
    }

    @Test
    void tlsClientWithTheClusterCaStartsAWorkflowThroughTheProxy() throws Exception {
        ProcessSettings s =
                settings(tls.port(), "temporal.tls.ca", certs.caPem().toString());
        assertTrue(s.temporalTls().enabled());
        assertFalse(startProbe(s, "tls-probe").isEmpty());
    }

    @Test
    void tlsClientIsRefusedWithoutTheCaWithAnotherCaAndInPlaintext() throws Exception {
        for (ProcessSettings s : new ProcessSettings[] {
            settings(tls.port(), "temporal.tls.enabled", "true"),
            settings(tls.port(), "temporal.tls.ca", otherCa.caPem().toString()),
            settings(tls.port())
        }) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ping(s), s.toString());
            // UNAVAILABLE: the handshake failed; INTERNAL: a plaintext HTTP/2 preface met a TLS server.
            assertTrue(
                    Set.of(Status.Code.UNAVAILABLE, Status.Code.INTERNAL, Status.Code.DEADLINE_EXCEEDED)
                            .contains(e.getStatus().getCode()),
                    e.toString());
        }
    }

    @Test
    void mutualTlsNeedsTheClientCertificate() throws Exception {
        ProcessSettings withCert = settings(
                mtls.port(),
                "temporal.tls.ca",
                certs.caPem().toString(),
                "temporal.tls.cert",
                certs.clientPem().toString(),
                "temporal.tls.key",
                certs.clientKey().toString());
        assertTrue(withCert.temporalTls().mutual());
        assertFalse(startProbe(withCert, "mtls-probe").isEmpty());
        ProcessSettings without =
                settings(mtls.port(), "temporal.tls.ca", certs.caPem().toString());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ping(without));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    }

    @Test
    void statusVerbConnectsWithTheTlsFlags() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Tonno.commandLine()
                    .execute(
                            "status",
                            "no-such-experiment",
                            "--temporal-address",
                            "127.0.0.1:" + mtls.port(),
                            "--temporal-tls-ca",
                            certs.caPem().toString(),
                            "--temporal-tls-cert",
                            certs.clientPem().toString(),
                            "--temporal-tls-key",
                            certs.clientKey().toString());
        } finally {
            System.setErr(old);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        // Reaching the server through mTLS, which then does not know the workflow.
        assertEquals(ExitCodes.FAILED, code, message);
        assertTrue(message.contains("no workflow no-such-experiment"), message);
    }

    @Test
    void serverNameOverridesTheHostTheCertificateIsCheckedAgainst() throws Exception {
        // The server certificate names 127.0.0.1 and localhost: "localhost" passes, another name is refused,
        // so the override reaches the handshake.
        ProcessSettings named = settings(
                tls.port(), "temporal.tls.ca", certs.caPem().toString(), "temporal.tls.serverName", "localhost");
        assertEquals("localhost", named.temporalTls().serverName());
        ping(named);
        ProcessSettings wrong = ConfigLoader.load(
                Map.of(
                        "temporal.address",
                        "127.0.0.1:" + tls.port(),
                        "temporal.tls.ca",
                        certs.caPem().toString()),
                null,
                Map.of("TEMPORAL_TLS_SERVER_NAME", "other.example"));
        assertTrue(wrong.temporalTls().enabled(), "a server name turns TLS on");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ping(wrong));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    }

    @Test
    void badTlsSettingsNameTheSetting() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> settings(
                        tls.port(), "temporal.tls.cert", certs.clientPem().toString()));
        assertTrue(e.getMessage().contains("temporal.tls.key"), e.getMessage());
        e = assertThrows(
                InvalidInputException.class,
                () -> settings(
                        tls.port(),
                        "temporal.tls.ca",
                        dir.resolve("missing.pem").toString()));
        assertTrue(e.getMessage().contains("temporal.tls.ca: is not a readable file"), e.getMessage());
        e = assertThrows(
                InvalidInputException.class, () -> ConfigLoader.load(Map.of(), null, Map.of("TEMPORAL_TLS", "yes")));
        assertTrue(e.getMessage().contains("temporal.tls.enabled"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> settings(tls.port(), "temporal.tls.serverName", "a b/c"));
        assertTrue(e.getMessage().contains("temporal.tls.serverName"), e.getMessage());
    }
}
