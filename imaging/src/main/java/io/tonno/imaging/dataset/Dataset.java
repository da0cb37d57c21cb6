package io.tonno.imaging.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tonno.imaging.InvalidInputException;
import io.tonno.imaging.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A named list of cases read from, or written to, a manifest.
 *
 * <p>JSON ({@code dataset.json}):
 * <pre>{"name": "...", "cases": [{"id": "c01", "image": "images/c01.nii.gz", "label": 1,
 *   "mask": "masks/c01.nii.gz", "boxes": [[i0, j0, k0, i1, j1, k1]], "split": "train"}]}</pre>
 * CSV (any file ending in {@code .csv}): a header row with columns {@code id,image,label,split} and optionally
 * {@code mask,boxes}; boxes as {@code "i0 j0 k0 i1 j1 k1;i0 j0 ..."}. Paths are relative to the manifest's
 * folder (absolute paths also work). {@code image} may be a NIfTI file or a DICOM series folder.
 *
 * <p>{@link #load} reports every problem at once (see {@link DatasetValidator}): syntax, missing files,
 * duplicate or unsafe ids ({@link SafeKeys}), labels other than 0/1, masks whose shape or affine differ from
 * the image, boxes outside the image, and a training split that lacks one of the two classes.
 */
public final class Dataset {
    private final String name;
    private final List<CaseEntry> cases;

    public Dataset(String name, List<CaseEntry> cases) {
        this.name = Objects.requireNonNull(name, "name");
        this.cases = List.copyOf(cases);
    }

    /** Dataset name (free text). */
    public String name() {
        return name;
    }

    /** All cases in manifest order. */
    public List<CaseEntry> cases() {
        return cases;
    }

    /** Cases of one split, in manifest order. */
    public List<CaseEntry> cases(Split split) {
        return cases.stream().filter(c -> c.split() == split).toList();
    }

    /**
     * Reads and validates a {@code .json} or {@code .csv} manifest.
     *
     * @throws InvalidInputException listing every problem found, one per line, with its case and field
     */
    public static Dataset load(Path manifest) throws IOException, InvalidInputException {
        return load(manifest, false);
    }

    /**
     * As {@link #load}, and every {@code image} and {@code mask} must be a relative path inside the manifest's
     * folder: no absolute paths, no {@code ..} leaving the folder, no control characters. Experiments use this
     * rule, so a manifest submitted to a shared worker cannot make it read (and upload) other files.
     */
    public static Dataset loadConfined(Path manifest) throws IOException, InvalidInputException {
        return load(manifest, true);
    }

    private static Dataset load(Path manifest, boolean confined) throws IOException, InvalidInputException {
        if (!Files.isRegularFile(manifest)) {
            throw new InvalidInputException(manifest.toString(), "file", "manifest does not exist");
        }
        ManifestReader.Parsed parsed = ManifestReader.read(manifest, confined);
        List<String> problems = new ArrayList<>(parsed.problems());
        DatasetValidator.validate(parsed.cases(), problems);
        if (!problems.isEmpty()) {
            String field = problems.size() == 1
                    ? problems.get(0).substring(0, problems.get(0).indexOf(':'))
                    : "cases";
            throw new InvalidInputException(
                    manifest.toString(), field, problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        }
        return new Dataset(parsed.name(), parsed.cases());
    }

    /**
     * Writes this dataset as {@code dataset.json} (or CSV when the name ends in {@code .csv}) atomically, with
     * paths relative to the manifest's folder.
     */
    public void write(Path manifest) throws IOException {
        Path base = manifest.toAbsolutePath().getParent();
        if (manifest.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            StringBuilder sb = new StringBuilder("id,image,label,mask,boxes,split\n");
            for (CaseEntry c : cases) {
                String boxes = c.boxes().stream()
                        .map(b -> IntStream.of(b.corners())
                                .mapToObj(String::valueOf)
                                .collect(Collectors.joining(" ")))
                        .collect(Collectors.joining(";"));
                sb.append(Csv.quote(c.id()))
                        .append(',')
                        .append(Csv.quote(relative(base, c.image())))
                        .append(',')
                        .append(c.label())
                        .append(',')
                        .append(c.mask() == null ? "" : Csv.quote(relative(base, c.mask())))
                        .append(',')
                        .append(boxes)
                        .append(',')
                        .append(c.split().manifestName())
                        .append('\n');
            }
            AtomicFiles.writeString(manifest, sb.toString());
            return;
        }
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("name", name);
        ArrayNode arr = root.putArray("cases");
        for (CaseEntry c : cases) {
            ObjectNode n = arr.addObject();
            n.put("id", c.id());
            n.put("image", relative(base, c.image()));
            n.put("label", c.label());
            if (c.mask() != null) {
                n.put("mask", relative(base, c.mask()));
            }
            if (!c.boxes().isEmpty()) {
                ArrayNode bs = n.putArray("boxes");
                for (Box b : c.boxes()) {
                    ArrayNode corners = bs.addArray();
                    for (int x : b.corners()) {
                        corners.add(x);
                    }
                }
            }
            n.put("split", c.split().manifestName());
        }
        AtomicFiles.writeString(manifest, om.writeValueAsString(root) + "\n");
    }

    private static String relative(Path base, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return base.relativize(abs).toString().replace('\\', '/');
    }
}
