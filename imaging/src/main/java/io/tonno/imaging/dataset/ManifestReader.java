package io.tonno.imaging.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a manifest ({@code .json} or {@code .csv}) into cases, collecting every syntax problem instead of
 * stopping at the first. Relative paths are resolved against the manifest's folder.
 */
final class ManifestReader {
    /** Parsed cases plus the problems found, each as "field: problem". */
    record Parsed(String name, List<CaseEntry> cases, List<String> problems) {}

    private ManifestReader() {}

    /**
     * @param confined when true, {@code image} and {@code mask} must be relative paths that stay inside the
     *                 manifest's folder (the rule for experiments on shared workers, see {@link Dataset#loadConfined})
     */
    static Parsed read(Path manifest, boolean confined) throws IOException {
        String lower = manifest.getFileName().toString().toLowerCase(Locale.ROOT);
        return lower.endsWith(".csv") ? readCsv(manifest, confined) : readJson(manifest, confined);
    }

    private static Parsed readJson(Path manifest, boolean confined) throws IOException {
        List<String> problems = new ArrayList<>();
        List<CaseEntry> cases = new ArrayList<>();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(manifest.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            problems.add("(json): not valid JSON: " + e.getOriginalMessage());
            return new Parsed(stem(manifest), cases, problems);
        }
        if (root == null || !root.isObject()) {
            problems.add("(root): must be a JSON object with \"name\" and \"cases\"");
            return new Parsed(stem(manifest), cases, problems);
        }
        String name = root.hasNonNull("name") ? root.get("name").asText() : stem(manifest);
        JsonNode arr = root.get("cases");
        if (arr == null || !arr.isArray()) {
            problems.add("cases: must be an array of case objects");
            return new Parsed(name, cases, problems);
        }
        Path base = manifest.toAbsolutePath().getParent();
        for (int c = 0; c < arr.size(); c++) {
            JsonNode n = arr.get(c);
            String where = "cases[" + c + "]";
            if (!n.isObject()) {
                problems.add(where + ": must be an object");
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            n.fields()
                    .forEachRemaining(e -> fields.put(
                            e.getKey(),
                            e.getValue().isNull()
                                    ? null
                                    : e.getValue().isValueNode()
                                            ? e.getValue().asText()
                                            : e.getValue().toString()));
            List<Box> boxes = new ArrayList<>();
            JsonNode b = n.get("boxes");
            boolean boxesOk = true;
            if (b != null && !b.isNull()) {
                if (!b.isArray()) {
                    problems.add(where + ".boxes: must be an array of [i0,j0,k0,i1,j1,k1]");
                    boxesOk = false;
                } else {
                    for (int k = 0; k < b.size(); k++) {
                        Box box = box(b.get(k), where + ".boxes[" + k + "]", problems);
                        boxesOk &= box != null;
                        if (box != null) {
                            boxes.add(box);
                        }
                    }
                }
            }
            fields.remove("boxes");
            CaseEntry e = entry(fields, boxes, boxesOk, where, base, confined, problems);
            if (e != null) {
                cases.add(e);
            }
        }
        return new Parsed(name, cases, problems);
    }

    private static Box box(JsonNode n, String where, List<String> problems) {
        if (n == null || !n.isArray() || n.size() != 6) {
            problems.add(where + ": must be 6 integers [i0,j0,k0,i1,j1,k1]");
            return null;
        }
        int[] v = new int[6];
        for (int i = 0; i < 6; i++) {
            if (!n.get(i).canConvertToInt() || !n.get(i).isIntegralNumber()) {
                problems.add(where + ": must be 6 integers [i0,j0,k0,i1,j1,k1], got " + n);
                return null;
            }
            v[i] = n.get(i).asInt();
        }
        return makeBox(v, where, problems);
    }

    private static Box makeBox(int[] v, String where, List<String> problems) {
        for (int x : v) {
            if (x < 0) {
                problems.add(where + ": voxel indices must be >= 0");
                return null;
            }
        }
        if (v[3] < v[0] || v[4] < v[1] || v[5] < v[2]) {
            problems.add(where + ": needs i0<=i1, j0<=j1, k0<=k1 (inclusive corners)");
            return null;
        }
        return Box.of(v);
    }

    private static CaseEntry entry(
            Map<String, String> f,
            List<Box> boxes,
            boolean boxesOk,
            String where,
            Path base,
            boolean confined,
            List<String> problems) {
        int before = problems.size();
        String id = f.get("id");
        if (id == null || id.isBlank()) {
            problems.add(where + ".id: is required");
        } else {
            String bad = SafeKeys.problem(id);
            if (bad != null) {
                problems.add(where + ".id: not safe as a storage key: " + bad);
            }
        }
        String image = f.get("image");
        if (image == null || image.isBlank()) {
            problems.add(where + ".image: is required");
        }
        int label = -1;
        String l = f.get("label");
        if (l == null || l.isBlank()) {
            problems.add(where + ".label: is required (0 or 1)");
        } else if (l.trim().equals("0") || l.trim().equals("1")) {
            label = Integer.parseInt(l.trim());
        } else {
            problems.add(where + ".label: must be 0 or 1, got " + l);
        }
        Split split = null;
        String s = f.get("split");
        if (s == null || s.isBlank()) {
            problems.add(where + ".split: is required (train, calibration or test)");
        } else {
            split = Split.parse(s);
            if (split == null) {
                problems.add(where + ".split: must be train, calibration or test, got " + s);
            }
        }
        String mask = f.get("mask");
        if (confined) {
            confine(image, where + ".image", base, problems);
            confine(mask, where + ".mask", base, problems);
        }
        if (problems.size() > before || !boxesOk) {
            return null;
        }
        try {
            return new CaseEntry(
                    id,
                    base.resolve(image).normalize(),
                    label,
                    mask == null || mask.isBlank() ? null : base.resolve(mask).normalize(),
                    boxes,
                    split);
        } catch (java.nio.file.InvalidPathException e) {
            problems.add(
                    where + ": not a valid path: " + SafeKeys.printable(e.getInput()) + " (" + e.getReason() + ")");
            return null;
        }
    }

    /**
     * Records a problem when {@code file} is absolute or leaves {@code base}: an experiment's worker must
     * never read (and upload to the store) files the manifest's author could not put next to it.
     */
    private static void confine(String file, String where, Path base, List<String> problems) {
        if (file == null || file.isBlank()) {
            return;
        }
        String shown = SafeKeys.printable(file);
        if (file.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problems.add(where + ": path " + shown + " contains control characters");
            return;
        }
        if (file.startsWith("/")
                || file.startsWith("\\")
                || file.matches("^[A-Za-z]:.*")
                || Path.of(file).isAbsolute()) {
            problems.add(where + ": absolute path " + shown + " is not allowed in an experiment's manifest; use a path"
                    + " relative to the manifest's folder");
            return;
        }
        Path resolved = base.resolve(file).normalize();
        if (!resolved.startsWith(base.normalize())) {
            problems.add(where + ": path " + shown + " leaves the manifest folder");
            return;
        }
        try {
            // A symbolic link inside the folder may still point out of it.
            if (Files.exists(resolved) && !resolved.toRealPath().startsWith(base.toRealPath())) {
                problems.add(where + ": path " + shown + " leaves the manifest folder through a symbolic link");
            }
        } catch (IOException e) {
            problems.add(where + ": cannot resolve " + shown + ": " + e.getMessage());
        }
    }

    private static Parsed readCsv(Path manifest, boolean confined) throws IOException {
        List<String> problems = new ArrayList<>();
        List<CaseEntry> cases = new ArrayList<>();
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        Path base = manifest.toAbsolutePath().getParent();
        int headerLine = 0;
        while (headerLine < lines.size() && lines.get(headerLine).isBlank()) {
            headerLine++;
        }
        if (headerLine == lines.size()) {
            problems.add("(csv): empty file; expected a header row id,image,label,mask,boxes,split");
            return new Parsed(stem(manifest), cases, problems);
        }
        List<String> header = Csv.split(lines.get(headerLine));
        for (String required : List.of("id", "image", "label", "split")) {
            if (!header.contains(required)) {
                problems.add("(header): missing column \"" + required + "\"");
            }
        }
        if (!problems.isEmpty()) {
            return new Parsed(stem(manifest), cases, problems);
        }
        for (int r = headerLine + 1; r < lines.size(); r++) {
            if (lines.get(r).isBlank()) {
                continue;
            }
            String where = "line " + (r + 1);
            List<String> cells = Csv.split(lines.get(r));
            if (cells.size() != header.size()) {
                problems.add(where + ": has " + cells.size() + " columns, the header has " + header.size());
                continue;
            }
            Map<String, String> f = new HashMap<>();
            for (int c = 0; c < header.size(); c++) {
                f.put(header.get(c), cells.get(c));
            }
            List<Box> boxes = new ArrayList<>();
            boolean boxesOk = true;
            String bs = f.remove("boxes");
            if (bs != null && !bs.isBlank()) {
                String[] parts = bs.split(";");
                for (int k = 0; k < parts.length; k++) {
                    String[] nums = parts[k].trim().split("\\s+");
                    String w = where + ".boxes[" + k + "]";
                    int[] v = new int[6];
                    if (nums.length != 6) {
                        problems.add(w + ": must be 6 integers \"i0 j0 k0 i1 j1 k1\", got \"" + parts[k].trim() + "\"");
                        boxesOk = false;
                        continue;
                    }
                    try {
                        for (int i = 0; i < 6; i++) {
                            v[i] = Integer.parseInt(nums[i]);
                        }
                    } catch (NumberFormatException e) {
                        problems.add(w + ": must be 6 integers \"i0 j0 k0 i1 j1 k1\", got \"" + parts[k].trim() + "\"");
                        boxesOk = false;
                        continue;
                    }
                    Box box = makeBox(v, w, problems);
                    boxesOk &= box != null;
                    if (box != null) {
                        boxes.add(box);
                    }
                }
            }
            CaseEntry e = entry(f, boxes, boxesOk, where, base, confined, problems);
            if (e != null) {
                cases.add(e);
            }
        }
        return new Parsed(stem(manifest), cases, problems);
    }

    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
