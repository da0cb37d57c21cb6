package io.tonno.imaging.synth;

import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import java.util.List;

/**
 * One generated case: the image (float voxels), its lesion mask on the same grid (0/1) and one inclusive
 * voxel {@link Box} per lesion (empty for a negative case).
 */
record GeneratedCase(Volume image, Volume mask, List<Box> boxes) {}
