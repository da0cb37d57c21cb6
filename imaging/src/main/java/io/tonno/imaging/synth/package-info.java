/** Synthetic lesion datasets: textured body-like volumes with small lesions, masks and a manifest. */
package io.tonno.imaging.synth;
