/** Helpers for activity implementations: JSON, failure mapping, checkpointed training heartbeats. */
package io.tonno.activities.support;
