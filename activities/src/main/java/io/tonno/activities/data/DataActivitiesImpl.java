package io.tonno.activities.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.tonno.activities.store.ArtifactStore;
import io.tonno.activities.support.InvalidInputFailures;
import io.tonno.activities.work.Workspace;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.Volume;
import io.tonno.imaging.dataset.Box;
import io.tonno.imaging.dataset.CaseEntry;
import io.tonno.imaging.dataset.Dataset;
import io.tonno.imaging.io.DicomSeries;
import io.tonno.imaging.io.Nifti;
import io.tonno.imaging.preprocess.Preprocessor;
import io.tonno.imaging.preprocess.Preset;
import io.tonno.imaging.preprocess.TemplateResidual;
import io.tonno.workflows.ArtifactKeys;
import io.tonno.workflows.activity.CaseRef;
import io.tonno.workflows.activity.DataActivities;
import io.tonno.workflows.activity.DatasetInfo;
import io.tonno.workflows.activity.PreparedCase;
import io.tonno.workflows.activity.PreprocessRequest;
import io.tonno.workflows.activity.ResidualRequest;
import io.tonno.workflows.activity.TemplateRequest;
import io.tonno.workflows.spec.ExperimentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DataActivities} over the imaging module.
 *
 * <p>The dataset manifest ({@code spec.dataset}) is a local path (a file on the worker that runs
 * {@code validateDataset}, the one-machine case) or an artifact key (a JSON manifest in the store,
 * its files at keys relative to the manifest's folder). {@code validateDataset} validates it with
 * {@link Dataset#load} and uploads every case's raw files to {@code experiments/{id}/inputs/{case}/image/}
 * and {@code .../mask/} (skipped when already there), so {@code preprocessCase} runs on any machine
 * from the store alone.
 *
 * <p>Preprocessing presets are those of {@link Preset#load}; {@code default} keeps the grid and maps
 * the 0.5–99.5 percentiles to [0, 1].
 *
 * <p>With {@code residual} in the spec, {@code preprocessCase} writes {@code ArtifactKeys.normalised}, {@code
 * buildTemplate} averages the training cases' (body only: voxels outside the foreground mask are zero) and {@code
 * residualCase} writes each case's {@link TemplateResidual#residual} at {@code ArtifactKeys.image}. Each step reads
 * only what the one before wrote, so any of them can be retried.
 */
public final class DataActivitiesImpl implements DataActivities {
    private static final Logger LOG = LoggerFactory.getLogger(DataActivitiesImpl.class);
    private final Workspace work;
    private final Path presets;
    private final Path dcm2niix;

    /**
     * @param presets  the worker's presets folder searched before the built-in presets, or null
     * @param dcm2niix the dcm2niix executable that reads DICOM series, or null for the PATH's
     */
    public DataActivitiesImpl(Workspace work, Path presets, Path dcm2niix) {
        this.work = work;
        this.presets = presets;
        this.dcm2niix = dcm2niix;
    }

    /** The folder of a case's uploaded raw files; {@code part} is {@code image} or {@code mask}. */
    public static String inputFolder(String experimentId, String caseId, String part) {
        return ArtifactKeys.root(experimentId) + "inputs/" + ArtifactKeys.segment(caseId, "caseId") + "/"
                + ArtifactKeys.segment(part, "part") + "/";
    }

    @Override
    public DatasetInfo validateDataset(ExperimentSpec spec) {
        return InvalidInputFailures.call(() -> {
            work.publish(
                    ArtifactKeys.spec(spec.experimentId()),
                    work.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(spec));
            Path manifest = localManifest(spec);
            // Confined: a manifest may only name files in its own folder, so a submitted experiment cannot make
            // this worker read (and upload to the store) any other file it can see.
            Dataset dataset = Dataset.loadConfined(manifest);
            List<CaseRef> cases = new ArrayList<>();
            for (CaseEntry c : dataset.cases()) {
                upload(c.image(), inputFolder(spec.experimentId(), c.id(), "image"));
                if (c.mask() != null) {
                    upload(c.mask(), inputFolder(spec.experimentId(), c.id(), "mask"));
                }
                if (!c.boxes().isEmpty()) {
                    work.publish(ArtifactKeys.inputBoxes(spec.experimentId(), c.id()), boxesJson(c.boxes()));
                }
                cases.add(new CaseRef(c.id(), c.label(), c.split().manifestName(), c.hasMask()));
            }
            LOG.info(
                    "experiment {}: dataset {} validated, {} cases uploaded",
                    spec.experimentId(),
                    spec.dataset(),
                    cases.size());
            return new DatasetInfo(spec.dataset(), cases);
        });
    }

    /** Boxes as JSON {@code [[i0, j0, k0, i1, j1, k1], ...]} (inclusive voxel indices). */
    public static byte[] boxesJson(List<Box> boxes) {
        String json = boxes.stream()
                .map(b ->
                        IntStream.of(b.corners()).mapToObj(String::valueOf).collect(Collectors.joining(",", "[", "]")))
                .collect(Collectors.joining(",", "[", "]"));
        return json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads {@link #boxesJson}. */
    public static List<Box> readBoxes(byte[] json) throws IOException {
        List<Box> out = new ArrayList<>();
        for (JsonNode b : new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)) {
            int[] corners = new int[6];
            for (int i = 0; i < corners.length; i++) {
                corners[i] = b.get(i).asInt();
            }
            out.add(Box.of(corners));
        }
        return out;
    }

    @Override
    public PreparedCase preprocessCase(PreprocessRequest request) {
        return InvalidInputFailures.call(() -> {
            String id = request.experimentId();
            String caseId = request.kase().caseId();
            Preset preset = preset(request.preprocessing(), presets);
            try (Workspace.Scratch s = work.scratch()) {
                Volume image = readInput(s.dir().resolve("image"), inputFolder(id, caseId, "image"), request, "image");
                Volume mask = request.kase().hasMask()
                        ? readInput(s.dir().resolve("mask"), inputFolder(id, caseId, "mask"), request, "mask")
                        : null;
                if (mask != null && !mask.sameShape(image)) {
                    throw new InvalidInputException(
                            inputFolder(id, caseId, "mask"),
                            "dim",
                            "mask shape differs from the image shape of case " + caseId);
                }
                Preprocessor.Result r = Preprocessor.process(image, mask, preset);
                // With residuals the image key is written later, by residualCase, from this volume.
                work.publishFloat32(
                        request.residual() ? ArtifactKeys.normalised(id, caseId) : ArtifactKeys.image(id, caseId),
                        r.image());
                work.publishUint8(ArtifactKeys.foreground(id, caseId), r.foreground());
                if (work.store().exists(ArtifactKeys.inputBoxes(id, caseId))) {
                    List<Box> mapped = new ArrayList<>();
                    for (Box b : readBoxes(work.store().get(ArtifactKeys.inputBoxes(id, caseId)))) {
                        Box nb = r.mapBox(b);
                        if (nb != null) {
                            mapped.add(nb);
                        } else {
                            LOG.warn("case {}: box {} lies outside the preprocessed volume; dropped", caseId, b);
                        }
                    }
                    work.publish(ArtifactKeys.boxes(id, caseId), boxesJson(mapped));
                }
                String maskKey = null;
                if (r.mask() != null) {
                    maskKey = ArtifactKeys.mask(id, caseId);
                    work.publishUint8(maskKey, r.mask());
                }
                return new PreparedCase(
                        caseId, ArtifactKeys.image(id, caseId), ArtifactKeys.foreground(id, caseId), maskKey);
            }
        });
    }

    @Override
    public String buildTemplate(TemplateRequest request) {
        return InvalidInputFailures.call(() -> {
            String id = request.experimentId();
            if (request.trainCaseIds() == null || request.trainCaseIds().isEmpty()) {
                throw new InvalidInputException(
                        ArtifactKeys.spec(id), "split", "no case in the train split: the template is their mean");
            }
            TemplateResidual.Template template = null;
            for (String caseId : request.trainCaseIds()) {
                // One volume at a time: memory is the accumulator and one case, whatever the number of cases.
                String key = ArtifactKeys.normalised(id, caseId);
                Volume body = normalisedBody(id, caseId);
                if (template == null) {
                    template = new TemplateResidual.Template(body, key);
                }
                template.add(body, key); // the worker interceptor heartbeats meanwhile
            }
            String out = ArtifactKeys.template(id);
            work.publishFloat32(out, template.mean());
            LOG.info("experiment {}: template of {} training cases written", id, template.count());
            return out;
        });
    }

    @Override
    public PreparedCase residualCase(ResidualRequest request) {
        return InvalidInputFailures.call(() -> {
            String id = request.experimentId();
            String caseId = request.kase().caseId();
            String key = ArtifactKeys.normalised(id, caseId);
            Volume body = normalisedBody(id, caseId);
            Volume residual =
                    TemplateResidual.residual(body, key, work.volume(request.templateKey()), request.templateKey());
            work.publishFloat32(ArtifactKeys.image(id, caseId), residual);
            return PreparedCase.of(id, request.kase());
        });
    }

    /** A case's preprocessed volume before its residual, zero outside its foreground mask (the template's body). */
    private Volume normalisedBody(String experimentId, String caseId) throws IOException, InvalidInputException {
        String key = ArtifactKeys.normalised(experimentId, caseId);
        return TemplateResidual.insideBody(
                work.volume(key), work.volume(ArtifactKeys.foreground(experimentId, caseId)), key);
    }

    /** The preset of a name; {@code default} is built here (see the class comment). */
    static Preset preset(String name, Path presets) throws IOException, InvalidInputException {
        if ("default".equals(name)) {
            return new Preset(
                    "default",
                    "keep the grid; 0.5-99.5 percentiles to [0, 1]; body above 0.02",
                    null,
                    Preset.IntensityMode.PERCENTILE,
                    0.5,
                    99.5,
                    0.02,
                    false,
                    0,
                    false,
                    null);
        }
        return Preset.load(name, presets);
    }

    private Path localManifest(ExperimentSpec spec) throws IOException, InvalidInputException {
        Path local = Path.of(spec.dataset());
        if (Files.isRegularFile(local)) {
            return local;
        }
        ArtifactStore store = work.store();
        String key = spec.dataset();
        if (!store.exists(key)) {
            throw new InvalidInputException(
                    spec.dataset(), "dataset", "is neither a file on this worker nor a key in the artifact store");
        }
        if (!key.endsWith(".json")) {
            throw new InvalidInputException(key, "dataset", "a manifest in the artifact store must be JSON (.json)");
        }
        // Files are referenced relative to the manifest: mirror them into a local folder.
        String folder = key.contains("/") ? key.substring(0, key.lastIndexOf('/') + 1) : "";
        Path dir = work.directory("datasets/" + Integer.toHexString(key.hashCode()));
        Path manifest = dir.resolve(key.substring(folder.length()));
        store.getFile(key, manifest);
        JsonNode root = work.json().readTree(manifest.toFile());
        for (JsonNode c : root.path("cases")) {
            for (String field : new String[] {"image", "mask"}) {
                String rel = c.path(field).asText(null);
                if (rel == null
                        || rel.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)
                        || rel.startsWith("/")
                        || rel.startsWith("\\")
                        || Path.of(rel).isAbsolute()) {
                    continue; // Dataset.loadConfined names the case and field
                }
                Path target = dir.resolve(rel).normalize();
                if (!target.startsWith(dir)) {
                    throw new InvalidInputException(
                            key, "cases[].%s".formatted(field), "path leaves the manifest folder: " + rel);
                }
                List<String> keys = store.list(folder + rel);
                for (String k : keys) {
                    if (!ArtifactStore.isTemporary(k) && (k.equals(folder + rel) || k.startsWith(folder + rel + "/"))) {
                        Path f = dir.resolve(k.substring(folder.length()));
                        Files.createDirectories(f.getParent());
                        store.getFile(k, f);
                    }
                }
            }
        }
        return manifest;
    }

    /**
     * Uploads a NIfTI file to {@code folder/name}, or a DICOM series folder's files to
     * {@code folder/seriesFolderName/name}, so that messages about the input name it as the user knows it.
     */
    private void upload(Path file, String folder) throws IOException {
        List<Path> files = new ArrayList<>();
        String prefix = folder;
        if (Files.isDirectory(file)) {
            prefix = folder + seriesSegment(file.getFileName().toString()) + "/";
            try (Stream<Path> s = Files.list(file)) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        } else {
            files.add(file);
        }
        for (Path f : files) {
            String key = prefix + f.getFileName();
            if (!work.store().exists(key)) {
                work.store().publishFile(key, f);
            }
        }
    }

    /**
     * Downloads a case's raw files and reads them: one file = NIfTI, several = a DICOM series (in a sub-folder
     * named as the user's series folder, or, as uploaded by earlier versions, directly in {@code folder}). A
     * refusal names the dataset, the case, and the input's key, which ends with the user's file or folder name.
     */
    private Volume readInput(Path dir, String folder, PreprocessRequest request, String part)
            throws IOException, InvalidInputException {
        String caseId = request.kase().caseId();
        List<String> keys = work.store().list(folder).stream()
                .filter(k -> !ArtifactStore.isTemporary(k))
                .toList();
        if (keys.isEmpty()) {
            throw new NoSuchFileException(
                    folder, null, "no uploaded input for case " + caseId + " (validateDataset uploads them)");
        }
        Files.createDirectories(dir);
        for (String k : keys) {
            Path target = dir.resolve(k.substring(folder.length())).normalize();
            if (!target.startsWith(dir)) {
                throw new InvalidInputException(k, "key", "leaves the input folder " + folder);
            }
            work.store().getFile(k, target);
        }
        Path local;
        if (keys.size() == 1 && isNifti(keys.get(0))) {
            local = dir.resolve(keys.get(0).substring(folder.length()));
        } else {
            List<String> subfolders = keys.stream()
                    .map(k -> k.substring(folder.length()))
                    .map(k -> k.contains("/") ? k.substring(0, k.indexOf('/')) : "")
                    .distinct()
                    .toList();
            local = subfolders.size() == 1 && !subfolders.get(0).isEmpty() ? dir.resolve(subfolders.get(0)) : dir;
        }
        try {
            return local.equals(dir) || Files.isDirectory(local)
                    ? DicomSeries.read(local, dcm2niix)
                    : Nifti.read(local);
        } catch (InvalidInputException e) {
            // The local path is a scratch folder the user never saw; name the case and the store key instead.
            String key = folder + dir.relativize(local).toString().replace('\\', '/');
            String message = e.getMessage().replace(local.toString(), key);
            String problem = message.startsWith(key + ": " + e.field() + ": ")
                    ? message.substring((key + ": " + e.field() + ": ").length())
                    : message;
            throw new InvalidInputException(
                    request.dataset() + " case \"" + caseId + "\" " + part + " " + key, e.field(), problem, e);
        }
    }

    /** A series folder's name as a safe key segment: other characters become {@code _}. */
    static String seriesSegment(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_").replace("..", "__");
        safe = safe.startsWith(".") ? "_" + safe.substring(1) : safe;
        safe = safe.length() > 100 ? safe.substring(0, 100) : safe;
        return safe.isEmpty() ? "series" : safe;
    }

    private static boolean isNifti(String key) {
        return key.endsWith(".nii") || key.endsWith(".nii.gz");
    }
}
