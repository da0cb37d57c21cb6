/**
 * Dataset manifests ({@code dataset.json} or CSV): cases with image, label, optional mask and boxes, and
 * split; validated as a whole so that every problem is reported at once.
 */
package io.tonno.imaging.dataset;
