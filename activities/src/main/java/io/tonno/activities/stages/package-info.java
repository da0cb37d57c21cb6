/** Stage manifests: how a relaunched experiment knows which stages it can skip. */
package io.tonno.activities.stages;
