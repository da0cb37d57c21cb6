package io.tonno.imaging.dataset;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.io.NiftiHeader;
import io.tonno.imaging.io.NiftiReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cross-case checks of a parsed manifest: files exist, ids are unique, mask grids match their image
 * (shape and affine, from headers only, so validation stays cheap), boxes lie inside the image, and a
 * non-empty training split holds both classes. Problems are appended, never thrown one by one.
 */
final class DatasetValidator {
    /** Affine entries of mask and image may differ by this much (mm), scaled by 1 + |entry|. */
    static final double AFFINE_TOLERANCE = 1e-4;

    private DatasetValidator() {}

    static void validate(List<CaseEntry> cases, List<String> problems) {
        Set<String> seen = new HashSet<>();
        int trainPos = 0;
        int trainNeg = 0;
        for (CaseEntry c : cases) {
            String where = "case \"" + c.id() + "\"";
            if (!seen.add(c.id())) {
                problems.add(where + ".id: duplicate id");
            }
            if (c.split() == Split.TRAIN) {
                if (c.label() == 1) {
                    trainPos++;
                } else {
                    trainNeg++;
                }
            }
            NiftiHeader image = header(c.image(), where + ".image", problems);
            if (c.mask() != null) {
                NiftiHeader mask = header(c.mask(), where + ".mask", problems);
                if (image != null && mask != null) {
                    compareGrids(image, mask, where, problems);
                }
            }
            if (image != null) {
                int[] s = image.shape3();
                for (int b = 0; b < c.boxes().size(); b++) {
                    Box box = c.boxes().get(b);
                    if (box.i1() >= s[0] || box.j1() >= s[1] || box.k1() >= s[2]) {
                        problems.add(where + ".boxes[" + b + "]: " + box + " lies outside the image shape "
                                + java.util.Arrays.toString(s));
                    }
                }
            }
        }
        if (trainPos + trainNeg > 0 && (trainPos == 0 || trainNeg == 0)) {
            problems.add("split train: needs both classes to train a classifier, has " + trainPos
                    + " positive (label 1) and " + trainNeg + " negative (label 0) case(s)");
        }
    }

    /** The NIfTI header of a file, or {@code null} for a DICOM folder or with a problem recorded. */
    private static NiftiHeader header(Path p, String where, List<String> problems) {
        if (!Files.exists(p)) {
            problems.add(where + ": file does not exist: " + p);
            return null;
        }
        if (Files.isDirectory(p)) {
            return null; // A DICOM series folder; its geometry is known only after conversion.
        }
        try {
            NiftiHeader h = Nifti.readHeader(p);
            // Refused here, from the header alone, rather than after the experiment has started.
            h.checkVoxelLimit(NiftiReadOptions.DEFAULT_MAX_VOXELS);
            return h;
        } catch (InvalidInputException e) {
            problems.add(where + ": unreadable NIfTI: " + e.getMessage());
        } catch (IOException e) {
            problems.add(where + ": cannot read " + p + ": " + e);
        }
        return null;
    }

    private static void compareGrids(NiftiHeader image, NiftiHeader mask, String where, List<String> problems) {
        int[] si = image.shape3();
        int[] sm = mask.shape3();
        if (!java.util.Arrays.equals(si, sm)) {
            problems.add(where + ".mask: shape " + java.util.Arrays.toString(sm) + " differs from the image shape "
                    + java.util.Arrays.toString(si));
            return;
        }
        double[] ai = image.affine();
        double[] am = mask.affine();
        for (int e = 0; e < 12; e++) {
            if (Math.abs(ai[e] - am[e]) > AFFINE_TOLERANCE * (1 + Math.abs(ai[e]))) {
                problems.add(where + ".mask: affine differs from the image affine at row " + e / 4 + ", column " + e % 4
                        + " (" + am[e] + " vs " + ai[e] + ")");
                return;
            }
        }
    }
}
