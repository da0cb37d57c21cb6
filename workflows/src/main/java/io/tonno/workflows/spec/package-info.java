/**
 * The experiment spec: the one JSON object that starts an {@code ExperimentWorkflow}, with its
 * defaults and its validator. Every record keeps the JSON fields it does not know in
 * {@code unknownFields} so that the validator can name them instead of the decoder failing.
 */
package io.tonno.workflows.spec;
