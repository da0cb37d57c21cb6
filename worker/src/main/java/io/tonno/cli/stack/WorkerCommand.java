package io.tonno.cli.stack;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import io.tonno.activities.plugin.TonnoPlugin;
import io.tonno.classifier.nn.Engines;
import io.tonno.cli.ExitCodes;
import io.tonno.cli.ProcessSettings;
import io.tonno.imaging.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tonno worker --queues tonno,tonno-cpu,tonno-gpu}: a worker process, wired by
 * {@link TonnoPlugin} (the same wiring as the embedded stack and as any team's own worker). On
 * SIGTERM it stops polling, lets running activities finish for up to {@code --grace} seconds (a
 * training segment that does not finish is retried elsewhere from its last heartbeat checkpoint),
 * then exits.
 */
@Command(name = "worker", description = "Run a worker for the given task queues until SIGTERM.")
public final class WorkerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

    @Option(
            names = "--queues",
            split = ",",
            required = true,
            paramLabel = "QUEUE",
            description = "Task queues to serve, e.g. tonno,tonno-cpu,tonno-gpu.")
    List<String> queues;

    @Option(
            names = "--gpu-slots",
            description = "Activities at once on the GPU queue, per device (default 1; env TONNO_GPU_SLOTS).")
    Integer gpuSlots;

    @Option(names = "--device", description = "cpu or gpu:N (default cpu; env TONNO_DEVICE).")
    String device;

    @Option(
            names = "--devices",
            split = ",",
            paramLabel = "DEVICE",
            description = "Serve the GPU queue on each of these devices (e.g. gpu:0,gpu:1), --gpu-slots activities "
                    + "at once on each; instead of --device.")
    List<String> devices;

    @Option(names = "--grace", description = "Seconds running activities get to finish on shutdown.")
    int graceSeconds = 120;

    @Option(names = "--connect-timeout", description = "Seconds to keep trying to reach Temporal at start.")
    int connectSeconds = 300;

    @Mixin
    ConnectionOptions connection;

    /**
     * Waits until Temporal answers (a worker may start before the server, or on a busy machine),
     * retrying with backoff from 1 s doubling to 15 s for up to {@code --connect-timeout} seconds.
     */
    private boolean awaitServer(WorkflowServiceStubs stubs, ProcessSettings settings) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(connectSeconds);
        long backoff = 1000;
        while (true) {
            try {
                stubs.blockingStub()
                        .withDeadlineAfter(30, TimeUnit.SECONDS)
                        .getSystemInfo(io.temporal.api.workflowservice.v1.GetSystemInfoRequest.getDefaultInstance());
                return true;
            } catch (io.grpc.StatusRuntimeException e) {
                String problem = ConnectionOptions.serviceError(e, settings);
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff) > deadline) {
                    System.err.println("tonno worker: " + problem);
                    return false;
                }
                LOG.warn("{}; retrying in {} s", problem, backoff / 1000);
                Thread.sleep(backoff);
                backoff = Math.min(15_000, backoff * 2);
            }
        }
    }

    /**
     * One worker factory per device: the first serves every queue in {@code queues}, each further one only the GPU
     * queue, with its activities bound to its device (Temporal allows one worker per queue in a factory). Nothing
     * connects until the factories start.
     */
    static List<WorkerFactory> factories(
            WorkflowServiceStubs stubs, ProcessSettings settings, List<String> queues, List<String> devices) {
        String gpuQueue = settings.plugin().queues().gpu();
        List<WorkerFactory> factories = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            TonnoPlugin plugin = new TonnoPlugin(settings.plugin().withDevice(devices.get(i)));
            WorkerFactory factory = WorkerFactory.newInstance(ConnectionOptions.client(stubs, settings, plugin));
            for (String queue : queues) {
                if (i == 0 || queue.trim().equals(gpuQueue)) {
                    factory.newWorker(queue.trim());
                }
            }
            factories.add(factory);
        }
        return factories;
    }

    @Override
    public Integer call() throws Exception {
        ProcessSettings settings;
        try {
            Map<String, String> extra = new HashMap<>();
            extra.put("gpuSlots", gpuSlots == null ? null : String.valueOf(gpuSlots));
            extra.put("device", device);
            settings = connection.settings(extra);
        } catch (InvalidInputException e) {
            System.err.println("tonno worker: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        if (device != null && devices != null) {
            System.err.println("tonno worker: give --device or --devices, not both");
            return ExitCodes.BAD_INPUT;
        }
        List<String> serving = devices != null
                ? devices.stream().map(String::trim).toList()
                : List.of(settings.plugin().device());
        if (serving.isEmpty() || serving.stream().distinct().count() != serving.size()) {
            System.err.println("tonno worker: --devices: each device once, got " + serving);
            return ExitCodes.BAD_INPUT;
        }
        String gpuQueue = settings.plugin().queues().gpu();
        boolean servesNetworks = queues.stream().anyMatch(q -> q.trim().equals(gpuQueue));
        if (servesNetworks) {
            // The device probe: refuse to start, before connecting, rather than take tasks that fail on this machine.
            for (String d : serving) {
                try {
                    Engines.verifyDevice(d, "command line", devices != null ? "--devices" : "--device");
                } catch (InvalidInputException e) {
                    System.err.println("tonno worker: " + e.getMessage());
                    return ExitCodes.BAD_INPUT;
                } catch (Engines.MisconfiguredEngineException e) {
                    System.err.println("tonno worker: " + e.getMessage());
                    return ExitCodes.FAILED;
                }
            }
        }
        WorkflowServiceStubs stubs = ConnectionOptions.stubs(settings);
        if (!awaitServer(stubs, settings)) {
            stubs.shutdownNow();
            return ExitCodes.FAILED;
        }
        List<WorkerFactory> factories = factories(stubs, settings, queues, serving);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("shutting down: no new tasks, {} s for running activities", graceSeconds);
                            factories.forEach(WorkerFactory::shutdown);
                            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
                            for (WorkerFactory f : factories) {
                                f.awaitTermination(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                            }
                            stubs.shutdown();
                            stopped.countDown();
                        },
                        "tonno-worker-shutdown"));
        factories.forEach(WorkerFactory::start);
        System.out.println("tonno worker on " + settings.temporalAddress() + " serving " + queues + " (device"
                + (serving.size() > 1 ? "s " : " ") + String.join(",", serving) + ", "
                + settings.plugin().gpuSlots() + " GPU slots" + (serving.size() > 1 ? " each" : "")
                + "); SIGTERM stops it");
        stopped.await();
        return ExitCodes.OK;
    }
}
