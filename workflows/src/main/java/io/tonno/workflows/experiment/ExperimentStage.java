package io.tonno.workflows.experiment;

import java.util.Locale;

/**
 * The stages of an experiment, in the order it runs them. {@link #id()} is the name users see: in the progress
 * query ({@link Progress#stage()}), the {@code TonnoStage} search attribute and the artifact store's
 * {@code stages/{id}/manifest.json}; it is also part of each stage's cache hash, so it never changes.
 */
public enum ExperimentStage {
    VALIDATE,
    PREPROCESS,
    TRAIN,
    CALIBRATE,
    RECONSTRUCT,
    EVALUATE,
    REPORT,
    DONE;

    /** The lower-case name ({@code "train"}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The stage with this {@link #id()}.
     *
     * @throws IllegalArgumentException naming the value and the known ids
     */
    public static ExperimentStage of(String id) {
        for (ExperimentStage s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + id + "'; known: "
                + java.util.Arrays.stream(values()).map(ExperimentStage::id).toList());
    }

    /** Whether this stage reports heatmap chunks (the child reconstruction workflows run in it). */
    public boolean reconstructs() {
        return this == CALIBRATE || this == RECONSTRUCT;
    }
}
