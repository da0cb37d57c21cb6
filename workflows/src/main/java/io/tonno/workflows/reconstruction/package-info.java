/** The child workflow that reconstructs one heatmap from direction chunks. */
package io.tonno.workflows.reconstruction;
