/** Slice classifiers (ResNet-10-T, ResNet-50) in DJL with the PyTorch engine: networks, weights, sampling, training, scoring. */
package io.tonno.classifier;
