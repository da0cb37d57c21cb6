package io.tonno.cli;

import io.tonno.activities.plugin.TonnoConfig;
import io.tonno.activities.plugin.WorkerPaths;
import io.tonno.activities.store.StoreSettings;
import io.tonno.workflows.TaskQueues;

/**
 * The resolved connection and worker settings of one {@code tonno} process (see
 * {@link ConfigLoader} for where each value comes from).
 *
 * @param temporalAddress  Temporal frontend, {@code host:port}
 * @param namespace        Temporal namespace
 * @param store            the artifact store
 * @param queues           task-queue names
 * @param device           device of GPU activities, {@code cpu} or {@code gpu:N}
 * @param gpuSlots         activities at once on the GPU queue
 * @param cpuSlots         activities at once on the CPU queue
 * @param searchAttributes upsert the ExperimentId and Stage search attributes
 * @param temporalTls      TLS to the Temporal frontend ({@link TemporalTls#NONE}: plaintext)
 * @param paths            the worker's local files: work folder, presets folder, dcm2niix ({@link WorkerPaths#DEFAULT})
 */
public record TonnoSettings(
        String temporalAddress,
        String namespace,
        StoreSettings store,
        TaskQueues queues,
        String device,
        int gpuSlots,
        int cpuSlots,
        boolean searchAttributes,
        TemporalTls temporalTls,
        WorkerPaths paths) {

    public TonnoSettings {
        temporalTls = temporalTls == null ? TemporalTls.NONE : temporalTls;
        paths = paths == null ? WorkerPaths.DEFAULT : paths;
    }

    /** Settings with the default {@link WorkerPaths}. */
    public TonnoSettings(String temporalAddress, String namespace, StoreSettings store, TaskQueues queues,
            String device, int gpuSlots, int cpuSlots, boolean searchAttributes, TemporalTls temporalTls) {
        this(temporalAddress, namespace, store, queues, device, gpuSlots, cpuSlots, searchAttributes, temporalTls, null);
    }

    /** Settings with a plaintext Temporal connection. */
    public TonnoSettings(String temporalAddress, String namespace, StoreSettings store, TaskQueues queues,
            String device, int gpuSlots, int cpuSlots, boolean searchAttributes) {
        this(temporalAddress, namespace, store, queues, device, gpuSlots, cpuSlots, searchAttributes,
                TemporalTls.NONE, null);
    }

    /** The plugin configuration of these settings. */
    public TonnoConfig pluginConfig() {
        return new TonnoConfig(store, device, gpuSlots, cpuSlots, queues, searchAttributes, null, paths);
    }
}
