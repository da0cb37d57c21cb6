package io.tonno.imaging.dataset;

import io.tonno.imaging.SpecName;

/** Which part of an experiment a case belongs to; written in manifests in lower case. */
public enum Split implements SpecName {
    /** Used to train the slice classifier. */
    TRAIN,
    /** Used to choose binarization thresholds (method.md §10); needs masks. */
    CALIBRATION,
    /** Evaluated only. */
    TEST;

    /** The manifest spelling, its {@link #id()}: {@code train}, {@code calibration}, {@code test}. */
    public String manifestName() {
        return id();
    }

    /** Parses the manifest spelling (case-insensitive); {@code null} when unknown. */
    public static Split parse(String s) {
        return SpecName.find(Split.class, s).orElse(null);
    }
}
