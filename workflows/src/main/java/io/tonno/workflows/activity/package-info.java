/**
 * Activity interfaces, grouped by the resource they use, and their payload records. Payloads carry
 * artifact keys and small statistics only (well under Temporal's 64 KB guideline); voxel arrays stay
 * in the artifact store. Payload records ignore JSON fields they do not know, so a newer activity
 * worker can return a field an older workflow worker does not have yet (rolling upgrades), and
 * fields added later are optional, so stored histories keep replaying.
 */
package io.tonno.workflows.activity;
