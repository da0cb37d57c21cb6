/**
 * One entry point per (volume, method) for the orchestration: ToNNO, the 2D CAM baselines and Averaged /
 * Tomographic CAM, whole or by chunks of directions.
 */
package io.tonno.classifier.heatmap;
