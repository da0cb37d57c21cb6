package io.tonno.imaging.dataset;

import java.util.Locale;

/** Which part of an experiment a case belongs to; written in manifests in lower case. */
public enum Split {
    /** Used to train the slice classifier. */
    TRAIN,
    /** Used to choose binarization thresholds (method.md §10); needs masks. */
    CALIBRATION,
    /** Evaluated only. */
    TEST;

    /** The manifest spelling: {@code train}, {@code calibration}, {@code test}. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the manifest spelling (case-insensitive); {@code null} when unknown. */
    public static Split parse(String s) {
        for (Split x : values()) {
            if (x.manifestName().equalsIgnoreCase(s.trim())) {
                return x;
            }
        }
        return null;
    }
}
