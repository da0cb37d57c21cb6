/** The experiment workflow: one spec in, results and a report out. */
package io.tonno.workflows.experiment;
