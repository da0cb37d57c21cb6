package io.tonno.cli.stack;

import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.temporal.client.WorkflowClient;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import io.tonno.activities.plugin.ActivityProvider;
import io.tonno.activities.plugin.TonnoPlugin;
import io.tonno.activities.store.StoreSettings;
import io.tonno.cli.ProcessSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-machine stack, in this JVM: Temporal's Java test server in real time and an s3proxy
 * (filesystem backend under {@code root/objects}), both listening on 127.0.0.1 only, and one worker
 * factory on all three queues assembled through {@link TonnoPlugin}. Used by {@code tonno dev} and
 * {@code tonno demo}.
 *
 * <p>The test server keeps workflow state in memory: a restart forgets running workflows, but the
 * artifact store on disk keeps the stage manifests, so relaunching an experiment resumes it.
 */
public final class EmbeddedStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

    private final TestServicesStarter temporal;
    private final Server grpc;
    private final S3Proxy s3;
    private final ProcessSettings settings;
    private final WorkflowServiceStubs stubs;
    private final WorkflowClient client;
    private final WorkerFactory factory;

    private EmbeddedStack(
            TestServicesStarter temporal,
            Server grpc,
            S3Proxy s3,
            ProcessSettings settings,
            WorkflowServiceStubs stubs,
            WorkflowClient client,
            WorkerFactory factory) {
        this.temporal = temporal;
        this.grpc = grpc;
        this.s3 = s3;
        this.settings = settings;
        this.stubs = stubs;
        this.client = client;
        this.factory = factory;
    }

    /**
     * Starts the stack.
     *
     * @param root         directory of the object store ({@code root/objects}), e.g. {@code .tonno}
     * @param temporalPort port of the Temporal frontend on 127.0.0.1 (7233; 0 picks a free one)
     * @param s3Port       port of the S3 endpoint on 127.0.0.1 (9000; 0 picks a free one)
     * @param base         settings whose store credentials, bucket, queues and slots are used
     * @param provider     the activity implementations
     */
    public static EmbeddedStack start(
            Path root, int temporalPort, int s3Port, ProcessSettings base, ActivityProvider provider) throws Exception {
        Path objects = Files.createDirectories(root.resolve("objects"));
        S3Proxy s3 = LocalServices.startS3(objects, s3Port, base.plugin().store());

        // The test server's own createPortBoundServer binds every interface; the embedded stack has
        // no authentication, so it listens on loopback only.
        TestServicesStarter temporal = new TestServicesStarter(true, 0L);
        ServerBuilder<?> builder = NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", temporalPort), InsecureServerCredentials.create());
        HealthStatusManager health = new HealthStatusManager();
        for (BindableService service : temporal.getServices()) {
            builder.addService(service);
            health.setStatus(
                    service.bindService().getServiceDescriptor().getName(), HealthCheckResponse.ServingStatus.SERVING);
        }
        builder.addService(health.getHealthService());
        Server grpc = builder.build().start();

        ProcessSettings settings =
                LocalServices.settings(base, "127.0.0.1:" + grpc.getPort(), "http://127.0.0.1:" + s3.getPort());
        StoreSettings store = settings.plugin().store();
        WorkflowServiceStubs stubs = ConnectionOptions.stubs(settings);
        WorkflowClient client = ConnectionOptions.client(stubs, settings, new TonnoPlugin(settings.plugin(), provider));
        WorkerFactory factory = WorkerFactory.newInstance(client);
        factory.newWorker(settings.plugin().queues().workflow());
        factory.newWorker(settings.plugin().queues().cpu());
        factory.newWorker(settings.plugin().queues().gpu());
        factory.start();
        LOG.info(
                "embedded stack: Temporal {} (namespace default), S3 {} bucket {} (objects in {})",
                settings.temporalAddress(),
                store.endpoint(),
                store.bucket(),
                objects);
        return new EmbeddedStack(temporal, grpc, s3, settings, stubs, client, factory);
    }

    /** The settings a client of this stack uses (actual ports). */
    public ProcessSettings settings() {
        return settings;
    }

    /** A client of the stack, carrying the plugin. */
    public WorkflowClient client() {
        return client;
    }

    /** Stops the workers (letting running activities finish for up to 30 s), Temporal and s3proxy. */
    @Override
    public void close() throws IOException {
        factory.shutdown();
        factory.awaitTermination(30, TimeUnit.SECONDS);
        stubs.shutdown();
        grpc.shutdown();
        try {
            grpc.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        temporal.close();
        try {
            s3.stop();
        } catch (Exception e) {
            throw new IOException("stopping s3proxy", e);
        }
    }
}
