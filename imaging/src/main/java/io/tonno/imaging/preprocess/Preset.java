package io.tonno.imaging.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tonno.imaging.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A preprocessing recipe, read from JSON ({@code config/presets/NAME.json}):
 * <pre>{
 *   "name": "ct-lung", "description": "...",
 *   "spacingMm": 1.5,                       // isotropic target spacing; null or absent keeps the input grid
 *   "intensity": {"mode": "window", "lo": -1000, "hi": 400},
 *            // or {"mode": "percentile", "low": 0.5, "high": 99.5}, {"mode": "zscore"}, {"mode": "none"}
 *   "foregroundThreshold": 0.35,            // on normalised intensities, see ForegroundMask
 *   "cropToForeground": true, "cropMarginVoxels": 4,
 *   "padToCube": true,                      // pad (centred) every axis to the longest one
 *   "shape": [160, 160, 160]                // pad/crop (centred) to this shape; null or absent keeps it
 * }</pre>
 *
 * @param spacingMm target isotropic spacing in mm, or {@code null} to keep the input grid
 * @param padToCube pad every axis (centred) to the longest one, so that method.md §2's mapping of each axis to
 *                  {@code [-1, 1]} keeps the isotropic voxels isotropic; applied before {@code shape}
 * @param shape     target shape {@code (nx, ny, nz)}, or {@code null}
 */
public record Preset(
        String name,
        String description,
        Double spacingMm,
        IntensityMode intensity,
        double lo,
        double hi,
        double foregroundThreshold,
        boolean cropToForeground,
        int cropMarginVoxels,
        boolean padToCube,
        int[] shape) {

    /** How intensities are normalised; {@code lo}/{@code hi} are the window (HU) or the percentiles. */
    public enum IntensityMode {
        NONE,
        WINDOW,
        PERCENTILE,
        ZSCORE
    }

    /** Names of the presets shipped in {@code config/presets}. */
    public static final java.util.List<String> BUILT_IN =
            java.util.List.of("ct-lung", "ct-abdomen", "mr-brain", "pet", "synthetic");

    /** {@link #load(String, Path)} without a presets folder of the user's. */
    public static Preset load(String nameOrPath) throws IOException, InvalidInputException {
        return load(nameOrPath, null);
    }

    /**
     * Loads a preset by file path (anything ending in {@code .json} or containing a path separator) or by name:
     * {@code presetsDir/NAME.json}, then {@code ./config/presets/NAME.json}, then the copy of {@code config/presets}
     * built into the jar.
     *
     * @param presetsDir the user's presets folder searched first (the worker's {@code presets} setting:
     *                   {@code -Dtonno.presets}, {@code TONNO_PRESETS} or the config file), or null
     */
    public static Preset load(String nameOrPath, Path presetsDir) throws IOException, InvalidInputException {
        if (nameOrPath.endsWith(".json") || nameOrPath.contains("/") || nameOrPath.contains("\\")) {
            Path p = Path.of(nameOrPath);
            if (!Files.isRegularFile(p)) {
                throw new InvalidInputException(nameOrPath, "file", "preset file does not exist");
            }
            try (InputStream in = Files.newInputStream(p)) {
                return parse(in, p.toString());
            }
        }
        for (Path p : presetsDir == null
                ? new Path[] {Path.of("config/presets")}
                : new Path[] {presetsDir, Path.of("config/presets")}) {
            Path f = p.resolve(nameOrPath + ".json");
            if (Files.isRegularFile(f)) {
                try (InputStream in = Files.newInputStream(f)) {
                    return parse(in, f.toString());
                }
            }
        }
        try (InputStream in = Preset.class.getResourceAsStream("/presets/" + nameOrPath + ".json")) {
            if (in == null) {
                throw new InvalidInputException(
                        nameOrPath,
                        "preset",
                        "no preset of that name; built-in presets: " + String.join(", ", BUILT_IN)
                                + " (or give a path to a .json file)");
            }
            return parse(in, "preset " + nameOrPath);
        }
    }

    static Preset parse(InputStream in, String source) throws IOException, InvalidInputException {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(source, "(json)", "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new InvalidInputException(source, "(root)", "must be a JSON object");
        }
        String name = text(n, "name", source, true);
        Double spacing = null;
        if (n.hasNonNull("spacingMm")) {
            spacing = number(n, "spacingMm", source);
            if (!(spacing > 0)) {
                throw new InvalidInputException(source, "spacingMm", "must be > 0, got " + spacing);
            }
        }
        JsonNode in2 = n.get("intensity");
        if (in2 == null || !in2.isObject()) {
            throw new InvalidInputException(source, "intensity", "must be an object with \"mode\"");
        }
        String modeText = text(in2, "mode", source, true);
        IntensityMode mode;
        try {
            mode = IntensityMode.valueOf(modeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    source, "intensity.mode", "must be window, percentile, zscore or none, got " + modeText);
        }
        double lo = 0;
        double hi = 0;
        if (mode == IntensityMode.WINDOW) {
            lo = number(in2, "lo", source);
            hi = number(in2, "hi", source);
            if (!(hi > lo)) {
                throw new InvalidInputException(source, "intensity.hi", "must be > lo");
            }
        } else if (mode == IntensityMode.PERCENTILE) {
            lo = number(in2, "low", source);
            hi = number(in2, "high", source);
            if (!(lo >= 0 && lo < hi && hi <= 100)) {
                throw new InvalidInputException(source, "intensity.low/high", "need 0 <= low < high <= 100");
            }
        }
        double thr = number(n, "foregroundThreshold", source);
        boolean crop = n.path("cropToForeground").asBoolean(false);
        int margin = n.path("cropMarginVoxels").asInt(0);
        if (margin < 0) {
            throw new InvalidInputException(source, "cropMarginVoxels", "must be >= 0");
        }
        int[] shape = null;
        if (n.hasNonNull("shape")) {
            JsonNode s = n.get("shape");
            if (!s.isArray() || s.size() != 3) {
                throw new InvalidInputException(source, "shape", "must be [nx, ny, nz]");
            }
            shape = new int[3];
            for (int a = 0; a < 3; a++) {
                shape[a] = s.get(a).asInt();
                if (shape[a] < 1) {
                    throw new InvalidInputException(source, "shape[" + a + "]", "must be >= 1");
                }
            }
        }
        boolean cube = n.path("padToCube").asBoolean(false);
        return new Preset(
                name, n.path("description").asText(""), spacing, mode, lo, hi, thr, crop, margin, cube, shape);
    }

    private static String text(JsonNode n, String f, String source, boolean required) throws InvalidInputException {
        if (!n.hasNonNull(f) || !n.get(f).isTextual()) {
            if (required) {
                throw new InvalidInputException(source, f, "is required (a string)");
            }
            return null;
        }
        return n.get(f).asText();
    }

    private static double number(JsonNode n, String f, String source) throws InvalidInputException {
        if (!n.hasNonNull(f) || !n.get(f).isNumber()) {
            throw new InvalidInputException(source, f, "is required (a number)");
        }
        return n.get(f).asDouble();
    }
}
