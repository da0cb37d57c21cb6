package io.tonno.cli.stack;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testserver.TestServer;
import io.tonno.activities.plugin.TonnoPlugin;
import io.tonno.cli.ConfigLoader;
import io.tonno.cli.ProcessSettings;
import io.tonno.imaging.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;

/**
 * A one-machine cluster whose parts can be stopped and restarted one by one, for the fault
 * campaign and the soak: Temporal's test server (real time, no persistence: a restart forgets every
 * workflow) and an s3proxy (filesystem backend under {@code root/objects}, which survives restarts)
 * in this JVM on fixed ports chosen free at start, and any number of {@link WorkerProcess}es, each a
 * separate JVM running {@code tonno worker} on all three queues (so a worker can be killed with
 * SIGKILL like a crashed machine).
 */
public final class LocalCluster implements AutoCloseable {
    private final Path root;
    private final int temporalPort;
    private final int s3Port;
    private final ProcessSettings settings;
    private final List<WorkerProcess> workers = new ArrayList<>();
    private TestServer.PortBoundTestServer temporal;
    private S3Proxy s3;
    private WorkflowServiceStubs stubs;
    private WorkflowClient client;
    private int started;
    private boolean activityOnly;

    private LocalCluster(Path root, int temporalPort, int s3Port) throws InvalidInputException {
        this.root = root;
        this.temporalPort = temporalPort;
        this.s3Port = s3Port;
        this.settings = LocalServices.settings(
                ConfigLoader.load(Map.of(), null, Map.of()), "127.0.0.1:" + temporalPort, "http://127.0.0.1:" + s3Port);
    }

    /** Starts Temporal and s3proxy on free ports; objects under {@code root/objects}. */
    public static LocalCluster start(Path root) throws Exception {
        Files.createDirectories(root.resolve("objects"));
        LocalCluster c = new LocalCluster(root, freePort(), freePort());
        c.startS3();
        c.startTemporal();
        return c;
    }

    /** A port nobody listens on now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** The settings of a client or worker of this cluster. */
    public ProcessSettings settings() {
        return settings;
    }

    /** The connection flags of a {@code tonno} verb for this cluster. */
    public List<String> connectionFlags() {
        return List.of(
                "--temporal-address",
                settings.temporalAddress(),
                "--s3-endpoint",
                settings.plugin().store().endpoint(),
                "--s3-bucket",
                settings.plugin().store().bucket());
    }

    /** Starts (or restarts, empty) the Temporal test server on its port. */
    public synchronized void startTemporal() {
        if (temporal == null) {
            temporal = TestServer.createPortBoundServer(temporalPort, true);
        }
    }

    /** Stops the Temporal test server: every workflow and history is lost. */
    public synchronized void stopTemporal() {
        closeClient();
        if (temporal != null) {
            temporal.close();
            temporal = null;
        }
    }

    /** Starts (or restarts) s3proxy on its port over the same object directory. */
    public synchronized void startS3() throws Exception {
        if (s3 != null) {
            return;
        }
        s3 = LocalServices.startS3(
                root.resolve("objects"), s3Port, settings.plugin().store());
    }

    /** Stops s3proxy; the objects stay on disk. */
    public synchronized void stopS3() throws Exception {
        if (s3 != null) {
            s3.stop();
            s3 = null;
        }
    }

    /** A client of the running Temporal server, carrying tonno's plugin (no activities). */
    public synchronized WorkflowClient client() {
        if (client == null) {
            stubs = ConnectionOptions.stubs(settings);
            client = ConnectionOptions.client(stubs, settings, new TonnoPlugin(settings.plugin(), null));
        }
        return client;
    }

    private void closeClient() {
        if (stubs != null) {
            stubs.shutdownNow();
            stubs.awaitTermination(5, TimeUnit.SECONDS);
        }
        stubs = null;
        client = null;
    }

    /**
     * Starts a worker JVM on all three queues and waits until it polls.
     *
     * @param jvmOptions extra JVM options (e.g. {@code -Xmx1g})
     */
    public WorkerProcess startWorker(List<String> jvmOptions) throws IOException, InterruptedException {
        WorkerProcess w = startWorkerInBackground(jvmOptions);
        w.awaitReady(600);
        return w;
    }

    /** Starts {@code count} workers at once and waits until all poll. */
    public List<WorkerProcess> startWorkers(int count, List<String> jvmOptions)
            throws IOException, InterruptedException {
        List<WorkerProcess> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(startWorkerInBackground(jvmOptions));
        }
        for (WorkerProcess w : started) {
            w.awaitReady(600);
        }
        return started;
    }

    /**
     * Starts a worker JVM serving only the workflow queue and waits until it polls; from then on
     * {@link #startWorker} and friends start activity-only workers (CPU and GPU queues), as on a cluster
     * whose GPU machines run activities. Killing an activity worker then never strands a workflow task
     * on its sticky queue, which Temporal's Java test server (unlike the real server) does not reroute.
     */
    public WorkerProcess startOrchestrator(List<String> jvmOptions) throws IOException, InterruptedException {
        int n;
        synchronized (this) {
            n = ++started;
            activityOnly = true;
        }
        Path dir = Files.createDirectories(root.resolve("orchestrator-" + n));
        WorkerProcess w = WorkerProcess.start(
                "orchestrator-" + n,
                dir,
                settings,
                jvmOptions,
                List.of(settings.plugin().queues().workflow()));
        synchronized (this) {
            workers.add(w);
        }
        w.awaitReady(600);
        return w;
    }

    /** Starts a worker without waiting for it to poll. */
    public WorkerProcess startWorkerInBackground(List<String> jvmOptions) throws IOException {
        int n;
        boolean activities;
        synchronized (this) {
            n = ++started;
            activities = activityOnly;
        }
        Path dir = Files.createDirectories(root.resolve("worker-" + n));
        WorkerProcess w = activities
                ? WorkerProcess.start(
                        "worker-" + n,
                        dir,
                        settings,
                        jvmOptions,
                        List.of(
                                settings.plugin().queues().cpu(),
                                settings.plugin().queues().gpu()))
                : WorkerProcess.start("worker-" + n, dir, settings, jvmOptions);
        synchronized (this) {
            workers.add(w);
        }
        return w;
    }

    /** Every worker started so far, the killed ones included (their logs stay readable). */
    public synchronized List<WorkerProcess> workers() {
        return List.copyOf(workers);
    }

    /** Kills every worker process (SIGKILL). */
    public void killWorkers() {
        for (WorkerProcess w : workers()) {
            w.kill();
        }
    }

    /** Kills the workers, stops Temporal and s3proxy. */
    @Override
    public void close() {
        killWorkers();
        stopTemporal();
        try {
            stopS3();
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("stopping s3proxy", e));
        }
    }
}
