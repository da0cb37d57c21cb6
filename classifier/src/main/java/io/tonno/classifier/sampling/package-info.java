/** Random-orientation training slices with geometric and intensity augmentation, and a checkpointable RNG. */
package io.tonno.classifier.sampling;
