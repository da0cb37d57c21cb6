package io.tonno.activities.plugin;

import java.util.List;

/**
 * Supplies the activity implementations {@link TonnoPlugin} registers. The science-backed provider
 * is found with {@link java.util.ServiceLoader} (a {@code META-INF/services} entry for this
 * interface), so {@code new TonnoPlugin(config)} works without naming it; tests and embedders can
 * pass their own to {@link TonnoPlugin#TonnoPlugin(TonnoConfig, ActivityProvider)}.
 *
 * <p>The stage-manifest activities are infrastructure and are always added by the plugin itself.
 */
public interface ActivityProvider extends AutoCloseable {
    /**
     * Implementations for the CPU queue; together they must implement {@code DataActivities} and
     * {@code EvaluationActivities}. Called once per worker on that queue.
     */
    List<Object> cpuActivities(ActivityContext context);

    /**
     * Implementations for the GPU queue; together they must implement {@code TrainingActivities}
     * and {@code ReconstructionActivities}. Called once per worker on that queue.
     */
    List<Object> gpuActivities(ActivityContext context);

    /** Releases what the implementations hold (native memory, models); called at worker shutdown. */
    @Override
    default void close() {}
}
