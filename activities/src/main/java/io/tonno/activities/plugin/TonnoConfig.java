package io.tonno.activities.plugin;

import io.tonno.activities.store.StoreSettings;
import io.tonno.workflows.OrchestrationSettings;
import io.tonno.workflows.TaskQueues;
import java.util.Objects;

/**
 * What a process carrying {@link TonnoPlugin} needs to know about its deployment.
 *
 * @param store            the artifact store; may be null in a process that only starts and
 *                         queries workflows (clients never touch the store)
 * @param device           the device activities run the network on: {@code cpu} or {@code gpu:N}
 * @param gpuSlots         activities a worker on the GPU queue runs at once (one per GPU)
 * @param cpuSlots         activities a worker on the CPU queue runs at once
 * @param queues           the task-queue names
 * @param searchAttributes upsert the {@code ExperimentId} and {@code Stage} search attributes (they
 *                         must exist in the namespace)
 * @param codeVersion      version recorded in stage manifests; a different version recomputes stages
 * @param paths            the worker's local files (work folder, presets, dcm2niix); default {@link WorkerPaths#DEFAULT}
 */
public record TonnoConfig(
        StoreSettings store,
        String device,
        int gpuSlots,
        int cpuSlots,
        TaskQueues queues,
        boolean searchAttributes,
        String codeVersion,
        WorkerPaths paths) {

    public TonnoConfig {
        paths = paths == null ? WorkerPaths.DEFAULT : paths;
        device = device == null ? "cpu" : device;
        queues = queues == null ? TaskQueues.DEFAULT : queues;
        codeVersion = codeVersion == null ? defaultCodeVersion() : codeVersion;
        if (gpuSlots < 1) {
            throw new IllegalArgumentException("gpuSlots must be at least 1, got " + gpuSlots);
        }
        if (cpuSlots < 1) {
            throw new IllegalArgumentException("cpuSlots must be at least 1, got " + cpuSlots);
        }
    }

    /** Defaults: CPU device, one GPU slot, one CPU slot per core, default queues, code version and paths. */
    public static TonnoConfig of(StoreSettings store) {
        return new TonnoConfig(
                store, "cpu", 1, Runtime.getRuntime().availableProcessors(), TaskQueues.DEFAULT, false, null, null);
    }

    /** The settings the workflow implementations receive. */
    public OrchestrationSettings orchestration() {
        return new OrchestrationSettings(queues, searchAttributes);
    }

    /** A copy with other queue names. */
    public TonnoConfig withQueues(TaskQueues names) {
        return new TonnoConfig(
                store, device, gpuSlots, cpuSlots, Objects.requireNonNull(names), searchAttributes, codeVersion, paths);
    }

    /** A copy whose activities run the network on another device ({@code cpu} or {@code gpu:N}). */
    public TonnoConfig withDevice(String other) {
        return new TonnoConfig(
                store, Objects.requireNonNull(other), gpuSlots, cpuSlots, queues, searchAttributes, codeVersion, paths);
    }

    /** The activities jar's Implementation-Version, or {@code dev} when run from classes. */
    static String defaultCodeVersion() {
        String v = TonnoConfig.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
