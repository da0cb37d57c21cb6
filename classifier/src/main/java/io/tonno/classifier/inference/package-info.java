/** Scoring slices with a trained network, batched and without gradients. */
package io.tonno.classifier.inference;
