/** The networks: timm-compatible ResNet-10-T and ResNet-50 written as explicit stages over DJL NDArrays. */
package io.tonno.classifier.nn;
