package io.tonno.activities.plugin;

import io.tonno.activities.store.ArtifactStore;

/**
 * What an {@link ActivityProvider} gets to build activity implementations: the worker's artifact
 * store (owned and closed by the plugin) and its configuration (device, slots).
 *
 * @param store  the artifact store
 * @param config the configuration
 */
public record ActivityContext(ArtifactStore store, TonnoConfig config) {}
