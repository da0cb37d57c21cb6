/**
 * Medical image files: NIfTI-1/2 reading and writing ({@link io.tonno.imaging.io.Nifti}) and DICOM
 * series through {@code dcm2niix} ({@link io.tonno.imaging.io.DicomSeries}). Geometry follows nibabel.
 */
package io.tonno.imaging.io;
