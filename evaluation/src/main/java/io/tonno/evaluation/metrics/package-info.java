/**
 * Pure metric functions over binary masks, labelings and boxes (method.md §10): Dice, lesion-wise
 * detection counts, MaxIoU, balanced accuracy and MONAI's percentile Hausdorff distance. Edge cases
 * (empty truth, empty prediction, zero division) are named options.
 */
package io.tonno.evaluation.metrics;
