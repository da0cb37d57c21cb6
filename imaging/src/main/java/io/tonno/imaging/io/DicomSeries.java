package io.tonno.imaging.io;

import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a folder holding one DICOM series by converting it with {@code dcm2niix} into a temporary folder and
 * reading the NIfTI result ({@link Nifti#read}); geometry is therefore dcm2niix's (LPS → RAS, slice order,
 * rescale slope/intercept as NIfTI scaling).
 *
 * <p>The tool is the path the caller passes (the worker's {@code dcm2niix} setting: {@code -Dtonno.dcm2niix},
 * {@code TONNO_DCM2NIIX} or the config file, resolved by its config loader), else the first on the {@code PATH}. Refusals
 * ({@link InvalidInputException}, naming the folder): not a folder, no convertible images, several series
 * in one folder, missing or unevenly spaced slices (dcm2niix warns and writes an extra "_Eq" volume).
 */
public final class DicomSeries {
    private static final Logger LOG = LoggerFactory.getLogger(DicomSeries.class);
    private static final long TIMEOUT_MINUTES = 10;

    private DicomSeries() {}

    /** Converts and reads the series in {@code folder} with default read options and the dcm2niix on the PATH. */
    public static Volume read(Path folder) throws IOException, InvalidInputException {
        return read(folder, NiftiReadOptions.defaults(), null);
    }

    /**
     * Converts and reads the series in {@code folder} with default read options.
     *
     * @param dcm2niix the dcm2niix executable, or null for the first on the PATH
     */
    public static Volume read(Path folder, Path dcm2niix) throws IOException, InvalidInputException {
        return read(folder, NiftiReadOptions.defaults(), dcm2niix);
    }

    /**
     * Converts and reads the series in {@code folder}.
     *
     * @param dcm2niix the dcm2niix executable, or null for the first on the PATH
     */
    public static Volume read(Path folder, NiftiReadOptions options, Path dcm2niix)
            throws IOException, InvalidInputException {
        String source = folder.toString();
        if (!Files.isDirectory(folder)) {
            throw new InvalidInputException(source, "folder", "is not a folder of DICOM files");
        }
        try (Stream<Path> s = Files.list(folder)) {
            if (s.noneMatch(Files::isRegularFile)) {
                throw new InvalidInputException(source, "images", "folder holds no files");
            }
        }
        String tool = locateTool(dcm2niix);
        Path tmp = Files.createTempDirectory("tonno-dcm2niix-");
        try {
            List<String> cmd = List.of(
                    tool,
                    "-z",
                    "n",
                    "-b",
                    "n",
                    "-f",
                    "%s_%j",
                    "-o",
                    tmp.toString(),
                    folder.toAbsolutePath().toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("dcm2niix did not finish within " + TIMEOUT_MINUTES + " minutes on " + source);
            }
            List<Path> outputs = new ArrayList<>();
            try (Stream<Path> s = Files.list(tmp)) {
                s.filter(f -> f.getFileName().toString().endsWith(".nii"))
                        .sorted()
                        .forEach(outputs::add);
            }
            LOG.debug("dcm2niix on {} (exit {}):\n{}", source, p.exitValue(), log);
            boolean uneven = log.contains("Missing images")
                    || log.contains("Interslice distance varies")
                    || outputs.stream().anyMatch(f -> f.getFileName().toString().contains("_Eq_"));
            if (uneven) {
                throw new InvalidInputException(
                        source,
                        "slices",
                        "missing or unevenly spaced slices (dcm2niix: "
                                + firstLine(log, "Missing images", "Interslice distance")
                                + "); supply the complete series");
            }
            if (outputs.isEmpty()) {
                throw new InvalidInputException(
                        source,
                        "images",
                        "dcm2niix found no convertible DICOM image series" + " (exit " + p.exitValue() + "): "
                                + tail(log));
            }
            if (outputs.size() > 1) {
                List<String> names =
                        outputs.stream().map(f -> f.getFileName().toString()).toList();
                throw new InvalidInputException(
                        source,
                        "series",
                        "holds " + outputs.size() + " image series (dcm2niix wrote " + names
                                + "); put each series in its own folder");
            }
            return Nifti.read(outputs.get(0), options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running dcm2niix on " + source, e);
        } finally {
            deleteTree(tmp);
        }
    }

    /**
     * The dcm2niix executable: {@code configured} when given, else the first on the PATH.
     *
     * @throws IOException telling how to install or configure it when it cannot be found
     */
    static String locateTool(Path configured) throws IOException {
        if (configured != null) {
            if (Files.isExecutable(configured)) {
                return configured.toString();
            }
            throw new IOException("dcm2niix configured as " + configured + " (dcm2niix setting: tonno.dcm2niix / "
                    + "TONNO_DCM2NIIX) is not an executable file; install it with `apt-get install dcm2niix` or fix the "
                    + "setting");
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "dcm2niix");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IOException("dcm2niix is needed to read DICOM series but was not found on the PATH; install it"
                + " with `apt-get install dcm2niix` (Debian/Ubuntu) or set TONNO_DCM2NIIX to its path");
    }

    private static String firstLine(String log, String... keys) {
        for (String line : log.split("\n")) {
            for (String k : keys) {
                if (line.contains(k)) {
                    return line.trim();
                }
            }
        }
        return "slices were equalized";
    }

    private static String tail(String log) {
        String[] lines = log.strip().split("\n");
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 3), lines.length));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
