package io.tonno.cli;

import io.tonno.activities.plugin.TonnoConfig;

/**
 * The resolved settings of one {@code tonno} process (see {@link ConfigLoader} for where each value comes
 * from): how it reaches Temporal, and the {@link TonnoConfig} its plugin runs with (artifact store, queues,
 * device, slots, local paths).
 *
 * @param temporalAddress Temporal frontend, {@code host:port}
 * @param namespace       Temporal namespace
 * @param temporalTls     TLS to the Temporal frontend ({@link TemporalTls#NONE}: plaintext)
 * @param plugin          what the process's {@link io.tonno.activities.plugin.TonnoPlugin} is configured with
 */
public record ProcessSettings(String temporalAddress, String namespace, TemporalTls temporalTls, TonnoConfig plugin) {
    public ProcessSettings {
        temporalTls = temporalTls == null ? TemporalTls.NONE : temporalTls;
    }

    /** These settings for a plaintext Temporal at {@code address} in the default namespace, with {@code plugin}. */
    public static ProcessSettings local(String address, TonnoConfig plugin) {
        return new ProcessSettings(address, "default", TemporalTls.NONE, plugin);
    }
}
