/**
 * The activity side of tonno: the artifact store, stage manifests, helpers every activity
 * implementation uses (heartbeats with checkpoints, mapping bad input to non-retryable failures),
 * and {@link io.tonno.activities.plugin.TonnoPlugin}, the one way to wire a worker.
 */
package io.tonno.activities;
