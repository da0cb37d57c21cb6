package io.tonno.activities.plugin;

import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.SimplePlugin;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.tonno.activities.stages.StageActivitiesImpl;
import io.tonno.activities.stages.StageCache;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.store.MinioArtifactStore;
import io.tonno.workflows.TaskQueues;
import io.tonno.workflows.WorkflowImplementations;
import io.tonno.workflows.activity.DataActivities;
import io.tonno.workflows.activity.EvaluationActivities;
import io.tonno.workflows.activity.ReconstructionActivities;
import io.tonno.workflows.activity.TrainingActivities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tonno as a Temporal plugin. Added to a {@link WorkflowClientOptions} (it then also applies to
 * every {@link WorkerFactory} built on that client) it:
 * <ul>
 *   <li>installs {@link TonnoDataConverter}, so every client and worker with the plugin decodes
 *       the same way;</li>
 *   <li>on a worker of the workflow queue ({@code tonno}), registers {@code ExperimentWorkflow} and
 *       {@code ReconstructionWorkflow};</li>
 *   <li>on a worker of the CPU queue ({@code tonno-cpu}), registers the provider's CPU activities and
 *       the stage-manifest activities, at most {@code cpuSlots} at once;</li>
 *   <li>on a worker of the GPU queue ({@code tonno-gpu}), registers the provider's GPU activities,
 *       at most {@code gpuSlots} at once;</li>
 *   <li>installs {@link ActivityLiveness} on every worker: a liveness heartbeat for every running
 *       activity (so a dead worker is noticed within the short heartbeat timeout) and one log line
 *       per activity attempt;</li>
 *   <li>registers nothing on other queues, and closes the artifact store and the provider when the
 *       worker factory shuts down.</li>
 * </ul>
 * The artifact store is connected when the first activity worker is initialised, so client-only
 * processes need no store settings.
 */
public class TonnoPlugin extends SimplePlugin {
    /** The plugin's name, used by Temporal to detect duplicates. */
    public static final String NAME = "io.tonno.plugin";

    private static final Logger LOG = LoggerFactory.getLogger(TonnoPlugin.class);

    private final TonnoConfig config;
    private final ActivityProvider provider;
    private ArtifactStore store;
    private boolean closed;

    /** With the activity provider found by {@link ServiceLoader} (none is needed for clients). */
    public TonnoPlugin(TonnoConfig config) {
        this(config, ServiceLoader.load(ActivityProvider.class).findFirst().orElse(null));
    }

    /**
     * @param config   the deployment
     * @param provider the activity implementations, or null for a process that serves only the
     *                 workflow queue or only starts workflows
     */
    public TonnoPlugin(TonnoConfig config, ActivityProvider provider) {
        super(SimplePlugin.newBuilder(NAME)
                .customizeDataConverter(existing -> TonnoDataConverter.create())
                .addWorkerInterceptors(new ActivityLiveness()));
        this.config = Objects.requireNonNull(config, "config");
        this.provider = provider;
    }

    /** The configuration this plugin was built from. */
    public TonnoConfig config() {
        return config;
    }

    @Override
    public void configureWorker(String taskQueue, WorkerOptions.Builder builder) {
        super.configureWorker(taskQueue, builder);
        TaskQueues queues = config.queues();
        if (taskQueue.equals(queues.gpu())) {
            builder.setMaxConcurrentActivityExecutionSize(config.gpuSlots());
        } else if (taskQueue.equals(queues.cpu())) {
            builder.setMaxConcurrentActivityExecutionSize(config.cpuSlots());
        }
    }

    @Override
    public void initializeWorker(String taskQueue, Worker worker) {
        super.initializeWorker(taskQueue, worker);
        TaskQueues queues = config.queues();
        if (taskQueue.equals(queues.workflow())) {
            WorkflowImplementations.register(worker, config.orchestration());
            LOG.info("queue {}: registered ExperimentWorkflow, ReconstructionWorkflow", taskQueue);
        }
        if (taskQueue.equals(queues.cpu())) {
            List<Object> activities = new ArrayList<>(requireProvider(taskQueue).cpuActivities(context()));
            requireImplemented(taskQueue, activities, DataActivities.class, EvaluationActivities.class);
            activities.add(new StageActivitiesImpl(new StageCache(store(), config.codeVersion())));
            worker.registerActivitiesImplementations(activities.toArray());
            LOG.info("queue {}: registered CPU activities, {} slots", taskQueue, config.cpuSlots());
        }
        if (taskQueue.equals(queues.gpu())) {
            List<Object> activities = requireProvider(taskQueue).gpuActivities(context());
            requireImplemented(taskQueue, activities, TrainingActivities.class, ReconstructionActivities.class);
            worker.registerActivitiesImplementations(activities.toArray());
            LOG.info(
                    "queue {}: registered GPU activities on {}, {} slots",
                    taskQueue,
                    config.device(),
                    config.gpuSlots());
        }
    }

    @Override
    public void shutdownWorkerFactory(WorkerFactory factory, Consumer<WorkerFactory> next) {
        try {
            super.shutdownWorkerFactory(factory, next);
        } finally {
            close();
        }
    }

    @Override
    public void replayWorkflowExecution(Worker worker, WorkflowExecutionHistory history, ReplayCallback next)
            throws Exception {
        // Replays run on the plugin's registrations and data converter; log which history so a
        // non-determinism failure in a batch of replays can be traced to its execution.
        LOG.debug(
                "replaying workflow {} on queue {}",
                history.getWorkflowExecution().getWorkflowId(),
                worker.getTaskQueue());
        super.replayWorkflowExecution(worker, history, next);
    }

    /** Closes the artifact store and the provider; idempotent. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (provider != null) {
            try {
                provider.close();
            } catch (Exception e) {
                LOG.warn("closing the activity provider failed", e);
            }
        }
        if (store != null) {
            try {
                store.close();
            } catch (IOException e) {
                LOG.warn("closing the artifact store failed", e);
            }
        }
    }

    private synchronized ActivityContext context() {
        return new ActivityContext(store(), config);
    }

    private synchronized ArtifactStore store() {
        if (closed) {
            throw new IllegalStateException("TonnoPlugin was closed with its worker factory");
        }
        if (store == null) {
            if (config.store() == null) {
                throw new IllegalStateException("TonnoConfig.store is required on a worker serving "
                        + config.queues().cpu() + " or " + config.queues().gpu());
            }
            try {
                store = MinioArtifactStore.connect(config.store());
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "connecting to the artifact store " + config.store().endpoint(), e);
            }
        }
        return store;
    }

    private ActivityProvider requireProvider(String taskQueue) {
        if (provider == null) {
            throw new IllegalStateException("no tonno ActivityProvider on the class path, so queue " + taskQueue
                    + " cannot be served; pass one to new TonnoPlugin(config, provider)");
        }
        return provider;
    }

    private static void requireImplemented(String taskQueue, List<Object> activities, Class<?>... interfaces) {
        for (Class<?> type : interfaces) {
            if (activities.stream().noneMatch(type::isInstance)) {
                throw new IllegalStateException(
                        "the ActivityProvider gives no " + type.getSimpleName() + " for queue " + taskQueue);
            }
        }
    }
}
