/**
 * Synthetic lesion datasets with masks and a manifest: textured CT-like body phantoms ({@link
 * io.tonno.imaging.synth.SyntheticDataset}) and an MR brain benchmark warped from a real T1 template ({@link
 * io.tonno.imaging.synth.BrainAnatomyDataset}).
 */
package io.tonno.imaging.synth;
