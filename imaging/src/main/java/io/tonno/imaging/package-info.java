/** Volumes, medical image files (NIfTI, DICOM through dcm2niix), datasets and preprocessing. */
package io.tonno.imaging;
