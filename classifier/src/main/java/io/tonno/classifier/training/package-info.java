/** The training loop: loss, AdamW, learning-rate schedule, validation metrics, checkpoints. */
package io.tonno.classifier.training;
