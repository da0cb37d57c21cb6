/**
 * Preprocessing: isotropic resampling, intensity normalisation, foreground (body) masks, cropping and
 * padding, driven by named presets ({@code config/presets/*.json}).
 */
package io.tonno.imaging.preprocess;
