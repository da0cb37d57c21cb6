/**
 * The orchestration contract of tonno: the experiment spec, the workflow and activity interfaces,
 * the small payload records that travel through Temporal, the task-queue names, and the workflow
 * implementations. Nothing here touches files, the artifact store or the science modules.
 */
package io.tonno.workflows;
