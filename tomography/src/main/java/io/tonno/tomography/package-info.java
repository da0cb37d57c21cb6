/**
 * Tomography: directions on the sphere, slicing of volumes, the Radon inversion of slice scores
 * (ToNNO) and the Averaged / Tomographic reconstruction of slice maps. Coordinates follow
 * {@code method.md} §2: a volume is a function on the cube {@code [-1,1]^3}, align corners, zero outside.
 */
package io.tonno.tomography;
