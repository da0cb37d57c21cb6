package io.tonno.workflows;

/**
 * The artifact-store layout of an experiment, in one place, so that workflows (which never touch
 * the store) and activities (which do) agree on deterministic keys. Keys use {@code /} separators
 * and live under {@code experiments/{experimentId}/}. A key written by an activity is always published
 * atomically (written under a temporary key first), so a key that exists is complete.
 *
 * <p>Every id that becomes part of a key (experiment id, case id, method key) is checked with
 * {@link #segment}: the spec and dataset validators already refuse unsafe ids, and this second check
 * makes sure no caller can build a key that leaves its folder.
 */
public final class ArtifactKeys {
    private ArtifactKeys() {}

    /**
     * Returns {@code value} when it is safe as one segment of a key: 1 to 128 characters from
     * {@code [A-Za-z0-9._-]}, not starting with {@code .}, without {@code ..}. Otherwise throws a
     * non-retryable {@code InvalidInput} failure (in a workflow it fails the workflow, in an activity the
     * activity, neither retried).
     *
     * @param what what the value is, for the message (e.g. {@code caseId})
     */
    public static String segment(String value, String what) {
        String problem = null;
        if (value == null || value.isEmpty() || value.length() > 128) {
            problem = "must have 1 to 128 characters";
        } else if (!value.chars()
                .allMatch(c -> (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '.'
                        || c == '_'
                        || c == '-')) {
            problem = "may only contain letters, digits, '.', '_' and '-'";
        } else if (value.startsWith(".") || value.contains("..")) {
            problem = "must not start with '.' or contain '..'";
        }
        if (problem != null) {
            StringBuilder shown = new StringBuilder();
            String v = String.valueOf(value);
            for (int i = 0; i < Math.min(v.length(), 100); i++) {
                char c = v.charAt(i);
                shown.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
            throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
                    what + ": '" + shown + "' is not safe in an artifact key: " + problem, Failures.INVALID_INPUT);
        }
        return value;
    }

    /** {@code experiments/{id}/}: the experiment's folder. */
    public static String root(String experimentId) {
        return "experiments/" + segment(experimentId, "experimentId") + "/";
    }

    /** The spec as submitted, JSON. */
    public static String spec(String experimentId) {
        return root(experimentId) + "spec.json";
    }

    /** A stage's manifest, written last by the stage ({@code stage} may contain {@code /}). */
    public static String stageManifest(String experimentId, String stage) {
        return root(experimentId) + "stages/" + stage + "/manifest.json";
    }

    /** {@code experiments/{id}/data/{caseId}/{file}}: a case's preprocessed artifacts, {@code caseId} checked. */
    private static String caseData(String experimentId, String caseId, String file) {
        return root(experimentId) + "data/" + segment(caseId, "caseId") + "/" + file;
    }

    /** A preprocessed volume, NIfTI. */
    public static String image(String experimentId, String caseId) {
        return caseData(experimentId, caseId, "image.nii.gz");
    }

    /**
     * A preprocessed volume before its residual to the template, NIfTI (only when the spec asks for residuals:
     * then {@link #image} holds the residual).
     */
    public static String normalised(String experimentId, String caseId) {
        return caseData(experimentId, caseId, "normalised.nii.gz");
    }

    /** The population template of the training cases, NIfTI float32 (only when the spec asks for residuals). */
    public static String template(String experimentId) {
        return root(experimentId) + "data/template.nii.gz";
    }

    /** A preprocessed ground-truth mask, NIfTI (only for cases that have one). */
    public static String mask(String experimentId, String caseId) {
        return caseData(experimentId, caseId, "mask.nii.gz");
    }

    /** The body (foreground) mask of a preprocessed volume, NIfTI. */
    public static String foreground(String experimentId, String caseId) {
        return caseData(experimentId, caseId, "foreground.nii.gz");
    }

    /** Pointer to the newest checkpoint: JSON {@code {step, checkpointKey, loss, trainingHash}}. */
    public static String latestModel(String experimentId) {
        return root(experimentId) + "model/latest.json";
    }

    /** The checkpoint after {@code step} optimisation steps. */
    public static String checkpoint(String experimentId, int step) {
        return root(experimentId) + "model/step-" + String.format("%08d", step) + ".params";
    }

    /**
     * {@code models/sha256-{hex}{extension}}: a trained model a spec brings ({@code model.file}), stored once by
     * content and shared by every experiment that brings the same bytes; workers check the hash when they load it.
     *
     * @param sha256    the file's SHA-256, 64 lower-case hex digits
     * @param extension {@code .safetensors}, {@code .pt} or {@code .onnx}
     */
    public static String broughtModel(String sha256, String extension) {
        if (!sha256.matches("[0-9a-f]{64}") || !extension.matches("\\.[a-z]{1,16}")) {
            throw new IllegalArgumentException("not a sha256 and extension: " + sha256 + ", " + extension);
        }
        return "models/sha256-" + sha256 + extension;
    }

    /**
     * The SHA-256 of a {@link #broughtModel} key, or null for any other key (a trainer checkpoint).
     */
    public static String broughtModelHash(String key) {
        if (key == null || !key.startsWith("models/sha256-") || key.length() < "models/sha256-".length() + 64) {
            return null;
        }
        String hex = key.substring("models/sha256-".length(), "models/sha256-".length() + 64);
        return hex.matches("[0-9a-f]{64}") ? hex : null;
    }

    /** The partial result of one reconstruction chunk. */
    public static String chunk(String experimentId, String methodKey, String caseId, int chunkIndex) {
        return root(experimentId) + "heatmaps/" + segment(methodKey, "method") + "/" + segment(caseId, "caseId")
                + ".chunks/"
                + String.format("%05d", chunkIndex) + ".bin";
    }

    /** A reconstructed heatmap, NIfTI with the preprocessed volume's shape and affine. */
    public static String heatmap(String experimentId, String methodKey, String caseId) {
        return root(experimentId) + "heatmaps/" + segment(methodKey, "method") + "/" + segment(caseId, "caseId")
                + ".nii.gz";
    }

    /** A binarized heatmap, NIfTI. */
    public static String binaryMask(String experimentId, String methodKey, String caseId) {
        return root(experimentId) + "masks/" + segment(methodKey, "method") + "/" + segment(caseId, "caseId")
                + ".nii.gz";
    }

    /** Per-case scores of one method, JSON. */
    public static String methodEvaluation(String experimentId, String methodKey) {
        return root(experimentId) + "results/methods/" + segment(methodKey, "method") + ".json";
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
        return caseData(experimentId, caseId, "boxes.json");
    }
}
