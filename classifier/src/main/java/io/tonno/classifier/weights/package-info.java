/** Reading and writing network weights as safetensors files with timm's parameter names. */
package io.tonno.classifier.weights;
