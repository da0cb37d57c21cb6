package io.tonno.cli.stack;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.tonno.activities.plugin.TonnoPlugin;
import io.tonno.cli.ConfigLoader;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.ProcessSettings;
import io.tonno.imaging.InvalidInputException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The connection flags every verb that talks to Temporal accepts (a picocli mixin). Values not
 * given here come from the environment, the config file or the defaults ({@link ConfigLoader}).
 */
public final class ConnectionOptions {
    @Option(
            names = "--temporal-address",
            paramLabel = "HOST:PORT",
            description = "Temporal frontend (env TEMPORAL_ADDRESS; default 127.0.0.1:7233).")
    String temporalAddress;

    @Option(names = "--namespace", description = "Temporal namespace (env TEMPORAL_NAMESPACE; default 'default').")
    String namespace;

    @Option(
            names = "--s3-endpoint",
            paramLabel = "URL",
            description = "Artifact store endpoint (env TONNO_S3_ENDPOINT; default http://127.0.0.1:9000).")
    String s3Endpoint;

    @Option(names = "--s3-bucket", description = "Artifact store bucket (env TONNO_S3_BUCKET; default tonno).")
    String s3Bucket;

    @Option(
            names = "--temporal-tls",
            negatable = true,
            description =
                    "TLS to Temporal with the JVM's trust store (env TEMPORAL_TLS; on whenever a TLS file is given).")
    Boolean temporalTls;

    @Option(
            names = "--temporal-tls-ca",
            paramLabel = "PEM",
            description = "CA certificate(s) that signed Temporal's certificate (env TEMPORAL_TLS_CA).")
    String temporalTlsCa;

    @Option(
            names = "--temporal-tls-cert",
            paramLabel = "PEM",
            description = "Client certificate chain for mutual TLS (env TEMPORAL_TLS_CERT).")
    String temporalTlsCert;

    @Option(
            names = "--temporal-tls-key",
            paramLabel = "PEM",
            description = "Client private key, PKCS#8 PEM, for mutual TLS (env TEMPORAL_TLS_KEY).")
    String temporalTlsKey;

    @Option(
            names = "--temporal-tls-server-name",
            paramLabel = "HOST",
            description = "Verify Temporal's certificate for this host name instead of the address's (env"
                    + " TEMPORAL_TLS_SERVER_NAME), e.g. when connecting by IP or through a load balancer.")
    String temporalTlsServerName;

    @Option(
            names = "--s3-ca",
            paramLabel = "PEM",
            description = "CA certificate(s) of an https artifact store with a private CA (env TONNO_S3_CA).")
    String s3Ca;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Worker config file (env TONNO_CONFIG; default config/worker.json when present).")
    Path config;

    /** The flags given, by {@link ConfigLoader} key. */
    Map<String, String> flags() {
        Map<String, String> flags = new HashMap<>();
        flags.put("temporal.address", temporalAddress);
        flags.put("temporal.namespace", namespace);
        flags.put("store.endpoint", s3Endpoint);
        flags.put("store.bucket", s3Bucket);
        flags.put("temporal.tls.enabled", temporalTls == null ? null : temporalTls.toString());
        flags.put("temporal.tls.ca", temporalTlsCa);
        flags.put("temporal.tls.cert", temporalTlsCert);
        flags.put("temporal.tls.key", temporalTlsKey);
        flags.put("temporal.tls.serverName", temporalTlsServerName);
        flags.put("store.ca", s3Ca);
        return flags;
    }

    /** Resolves the settings with {@code extra} flags of the verb. */
    ProcessSettings settings(Map<String, String> extra) throws InvalidInputException {
        Map<String, String> flags = flags();
        flags.putAll(extra);
        return ConfigLoader.load(flags, config);
    }

    /** Service stubs for the settings' Temporal address, over TLS when the settings ask for it. */
    public static WorkflowServiceStubs stubs(ProcessSettings settings) {
        WorkflowServiceStubsOptions.Builder options =
                WorkflowServiceStubsOptions.newBuilder().setTarget(settings.temporalAddress());
        if (settings.temporalTls().enabled()) {
            options.setSslContext(settings.temporalTls().sslContext());
            String serverName = settings.temporalTls().serverName();
            if (serverName != null) {
                // The authority is the name TLS verifies the certificate against and sends as SNI.
                options.setChannelInitializer(channel -> channel.overrideAuthority(serverName));
            }
        }
        return WorkflowServiceStubs.newServiceStubs(options.build());
    }

    /** A client carrying {@code plugin}. */
    static WorkflowClient client(WorkflowServiceStubs stubs, ProcessSettings settings, TonnoPlugin plugin) {
        return WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(settings.namespace())
                        .setPlugins(plugin)
                        .build());
    }

    /**
     * A one-line description when {@code e} comes from the Temporal service (unreachable, denied,
     * unknown namespace), or null when it does not.
     */
    static String serviceError(Throwable e, ProcessSettings settings) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.grpc.StatusRuntimeException grpc) {
                String detail = grpc.getStatus().getDescription();
                return "Temporal at " + settings.temporalAddress() + " (namespace " + settings.namespace()
                        + ") answered " + grpc.getStatus().getCode() + (detail == null ? "" : ": " + detail);
            }
        }
        return null;
    }

    /** What a verb does with its resolved settings and a connected client; returns the exit code. */
    @FunctionalInterface
    interface ClientAction {
        int run(ProcessSettings settings, WorkflowClient client) throws Exception;
    }

    /**
     * Resolves these options' settings (bad settings: the message on stderr and {@link ExitCodes#BAD_INPUT}),
     * connects a client (carrying tonno's plugin, so payloads decode alike), runs {@code action}, and maps an
     * unknown workflow or an unreachable service to a one-line message on standard error and
     * {@link ExitCodes#FAILED}. The one connection path of submit, status and resume.
     */
    int withClient(String verb, ClientAction action) throws Exception {
        ProcessSettings settings;
        try {
            settings = settings(Map.of());
        } catch (InvalidInputException e) {
            System.err.println("tonno " + verb + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        WorkflowServiceStubs stubs = stubs(settings);
        try {
            return action.run(settings, client(stubs, settings, new TonnoPlugin(settings.plugin(), null)));
        } catch (io.temporal.client.WorkflowNotFoundException e) {
            System.err.println(
                    "tonno " + verb + ": no workflow " + e.getExecution().getWorkflowId() + " in namespace "
                            + settings.namespace() + " at " + settings.temporalAddress());
            return ExitCodes.FAILED;
        } catch (RuntimeException e) {
            String unreachable = serviceError(e, settings);
            if (unreachable == null) {
                throw e;
            }
            System.err.println("tonno " + verb + ": " + unreachable);
            return ExitCodes.FAILED;
        } finally {
            stubs.shutdown();
        }
    }
}
