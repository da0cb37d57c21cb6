/**
 * {@link io.tonno.activities.plugin.TonnoPlugin}: tonno as a Temporal plugin that any Java worker
 * and client can add, and the {@link io.tonno.activities.plugin.ActivityProvider} through which the
 * activity implementations are supplied.
 */
package io.tonno.activities.plugin;
