/**
 * Class activation maps of a {@link io.tonno.classifier.nn.ResNet} for its raw logit
 * ({@code method.md} §7–§8): GradCAM, LayerCAM, GradCAM++ and ScoreCAM over one shared base, the 2D
 * baseline protocol over a volume's slices, and the {@link io.tonno.tomography.SliceMapScorer} that
 * feeds Averaged and Tomographic CAM.
 */
package io.tonno.classifier.cam;
