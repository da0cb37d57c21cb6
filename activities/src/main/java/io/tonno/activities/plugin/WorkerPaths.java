package io.tonno.activities.plugin;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The local files a worker's science activities use, resolved once by the worker's config loader (keys
 * {@code workDir}, {@code presets}, {@code dcm2niix}; system properties {@code tonno.workDir},
 * {@code tonno.presets}, {@code tonno.dcm2niix}; environment {@code TONNO_WORK_DIR}, {@code TONNO_PRESETS},
 * {@code TONNO_DCM2NIIX}) and passed down; no module below reads them from the environment itself.
 *
 * @param workDir  the cache of downloaded artifacts and scratch folders; default {@code .tonno/work}
 * @param presets  a folder of preprocessing presets searched before {@code config/presets} and the built-in ones, or
 *                 null
 * @param dcm2niix the dcm2niix executable that reads DICOM series, or null for the first on the {@code PATH}
 */
public record WorkerPaths(Path workDir, Path presets, Path dcm2niix) {
    /** The cache folder when none is configured. */
    public static final Path DEFAULT_WORK_DIR = Path.of(".tonno", "work");
    /** The default work folder, no presets folder, dcm2niix from the PATH. */
    public static final WorkerPaths DEFAULT = new WorkerPaths(DEFAULT_WORK_DIR, null, null);

    public WorkerPaths {
        Objects.requireNonNull(workDir, "workDir");
    }

    /** These paths with another work folder. */
    public WorkerPaths withWorkDir(Path dir) {
        return new WorkerPaths(dir, presets, dcm2niix);
    }
}
