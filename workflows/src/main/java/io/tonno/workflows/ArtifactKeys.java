package io.tonno.workflows;

/**
 * The artifact-store layout of an experiment, in one place, so that workflows (which never touch
 * the store) and activities (which do) agree on deterministic keys. Keys use {@code /} separators
 * and live under {@code experiments/{experimentId}/}. A key written by an activity is always published
 * atomically (written under a temporary key first), so a key that exists is complete.
 */
public final class ArtifactKeys {
    private ArtifactKeys() {
    }

    /** {@code experiments/{id}/}: the experiment's folder. */
    public static String root(String experimentId) {
        return "experiments/" + experimentId + "/";
    }

    /** The spec as submitted, JSON. */
    public static String spec(String experimentId) {
        return root(experimentId) + "spec.json";
    }

    /** A stage's manifest, written last by the stage ({@code stage} may contain {@code /}). */
    public static String stageManifest(String experimentId, String stage) {
        return root(experimentId) + "stages/" + stage + "/manifest.json";
    }

    /** A preprocessed volume, NIfTI. */
    public static String image(String experimentId, String caseId) {
        return root(experimentId) + "data/" + caseId + "/image.nii.gz";
    }

    /** A preprocessed ground-truth mask, NIfTI (only for cases that have one). */
    public static String mask(String experimentId, String caseId) {
        return root(experimentId) + "data/" + caseId + "/mask.nii.gz";
    }

    /** The body (foreground) mask of a preprocessed volume, NIfTI. */
    public static String foreground(String experimentId, String caseId) {
        return root(experimentId) + "data/" + caseId + "/foreground.nii.gz";
    }

    /** Pointer to the newest checkpoint: JSON {@code {step, checkpointKey, loss, trainingHash}}. */
    public static String latestModel(String experimentId) {
        return root(experimentId) + "model/latest.json";
    }

    /** The checkpoint after {@code step} optimisation steps. */
    public static String checkpoint(String experimentId, int step) {
        return root(experimentId) + "model/step-" + String.format("%08d", step) + ".params";
    }

    /** The partial result of one reconstruction chunk. */
    public static String chunk(String experimentId, String methodKey, String caseId, int chunkIndex) {
        return root(experimentId) + "heatmaps/" + methodKey + "/" + caseId + ".chunks/"
                + String.format("%05d", chunkIndex) + ".bin";
    }

    /** A reconstructed heatmap, NIfTI with the preprocessed volume's shape and affine. */
    public static String heatmap(String experimentId, String methodKey, String caseId) {
        return root(experimentId) + "heatmaps/" + methodKey + "/" + caseId + ".nii.gz";
    }

    /** A binarized heatmap, NIfTI. */
    public static String binaryMask(String experimentId, String methodKey, String caseId) {
        return root(experimentId) + "masks/" + methodKey + "/" + caseId + ".nii.gz";
    }

    /** Per-case scores of one method, JSON. */
    public static String methodEvaluation(String experimentId, String methodKey) {
        return root(experimentId) + "results/methods/" + methodKey + ".json";
    }

    /** The results table; {@code extension} is {@code json}, {@code csv} or {@code md}. */
    public static String results(String experimentId, String extension) {
        return root(experimentId) + "results/results." + extension;
    }

    /** The HTML report. */
    public static String report(String experimentId) {
        return root(experimentId) + "report/index.html";
    }
    /**
     * Wall time of one chunk, JSON {@code {"seconds": s, "slices": n}}; published before the chunk, so a
     * published chunk always has it.
     */
    public static String chunkTiming(String experimentId, String methodKey, String caseId, int chunkIndex) {
        return root(experimentId) + "heatmaps/" + methodKey + "/" + caseId + ".chunks/"
                + String.format("%05d", chunkIndex) + ".timing.json";
    }

    /**
     * Compute time of a heatmap, JSON {@code {"seconds": s, "chunks": n}}: the sum of its chunks' wall
     * times and the reduce, i.e. the time one worker would take; published before the heatmap.
     */
    public static String heatmapTiming(String experimentId, String methodKey, String caseId) {
        return root(experimentId) + "heatmaps/" + methodKey + "/" + caseId + ".timing.json";
    }

    /** The calibration curve and chosen threshold of one method, JSON. */
    public static String calibration(String experimentId, String methodKey) {
        return root(experimentId) + "results/calibration/" + methodKey + ".json";
    }

    /** A case's ground-truth boxes as uploaded (input voxel indices), JSON {@code [[i0,j0,k0,i1,j1,k1], ...]}. */
    public static String inputBoxes(String experimentId, String caseId) {
        return root(experimentId) + "inputs/" + caseId + "/boxes.json";
    }

    /** A case's ground-truth boxes mapped to the preprocessed grid, JSON like {@link #inputBoxes}. */
    public static String boxes(String experimentId, String caseId) {
        return root(experimentId) + "data/" + caseId + "/boxes.json";
    }
}
