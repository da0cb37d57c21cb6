/**
 * The one entry point for heatmaps ({@link io.tonno.classifier.heatmap.HeatmapMethods}): ToNNO, the 2D CAM
 * baselines and Averaged / Tomographic CAM, whole or by chunks (ranges of directions, or axes), from a network or
 * from any slice scorer. The workflow's activities, the command line and the benches all call it.
 */
package io.tonno.classifier.heatmap;
