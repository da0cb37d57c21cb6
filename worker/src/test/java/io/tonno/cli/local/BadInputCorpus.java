package io.tonno.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The bad-input corpus of {@code src/test/resources/badinput} (listed in its {@code corpus.json}), copied into
 * a scratch folder so that no test ever writes next to the committed files, plus the entries the tests
 * generate (too large to commit).
 */
public final class BadInputCorpus {
    /** One corpus entry. */
    public record Entry(
            String id,
            String kind,
            String file,
            String verb,
            List<String> expect,
            String names,
            String workflow,
            List<String> workflowExpect,
            boolean generated) {
        @Override
        public String toString() {
            return id;
        }
    }

    /** The cases every wrapper manifest adds after the bad volume: both classes in train, calibration, test. */
    static final String BASE_CASES = """
            {"id": "train0", "image": "vol/good0.nii.gz", "label": 0, "split": "train"},
            {"id": "train1", "image": "vol/good1.nii.gz", "label": 1, "split": "train"},
            {"id": "calib0", "image": "vol/good2.nii.gz", "label": 1, "split": "calibration", "mask": "vol/mask-6.nii.gz"},
            {"id": "test0", "image": "vol/good3.nii.gz", "label": 0, "split": "test"}""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final List<Entry> entries;

    private BadInputCorpus(Path root, List<Entry> entries) {
        this.root = root;
        this.entries = entries;
    }

    /** Copies the corpus into {@code dir} and writes the generated entries there. */
    public static BadInputCorpus copyTo(Path dir) throws IOException {
        Path source;
        try {
            source = Path.of(BadInputCorpus.class
                            .getResource("/badinput/corpus.json")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path target = dir.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        JsonNode doc = JSON.readTree(dir.resolve("corpus.json").toFile());
        List<Entry> entries = new ArrayList<>();
        for (JsonNode e : doc.get("entries")) {
            List<String> expect = new ArrayList<>();
            e.get("expect").forEach(x -> expect.add(x.asText()));
            entries.add(new Entry(
                    e.get("id").asText(),
                    e.get("kind").asText(),
                    e.get("file").asText(),
                    e.get("verb").asText(),
                    List.copyOf(expect),
                    e.path("names")
                            .asText(Path.of(e.get("file").asText())
                                    .getFileName()
                                    .toString()),
                    e.path("workflow").asText(null),
                    strings(e.get("workflowExpect"), expect),
                    e.path("generated").asBoolean(false)));
        }
        writeGenerated(dir);
        return new BadInputCorpus(dir, List.copyOf(entries));
    }

    private static List<String> strings(JsonNode array, List<String> otherwise) {
        if (array == null) {
            return List.copyOf(otherwise);
        }
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return List.copyOf(out);
    }

    private static void writeGenerated(Path dir) throws IOException {
        ObjectNode huge =
                JSON.createObjectNode().put("experimentId", "bad-spec").put("dataset", "dataset.json");
        ArrayNode methods = huge.putArray("methods");
        for (int i = 0; i < 20_000; i++) {
            methods.addObject().put("name", "tonno");
        }
        Files.write(dir.resolve("specs/generated-huge-array.json"), JSON.writeValueAsBytes(huge));
        ObjectNode padded =
                JSON.createObjectNode().put("experimentId", "bad-spec").put("dataset", "dataset.json");
        ArrayNode padding = padded.putArray("padding");
        for (int i = 0; i < 50_000; i++) {
            padding.add(i);
        }
        Files.write(dir.resolve("specs/generated-huge-unknown-array.json"), JSON.writeValueAsBytes(padded));
    }

    Path root() {
        return root;
    }

    public List<Entry> entries() {
        return entries;
    }

    public Path file(Entry e) {
        return root.resolve(e.file());
    }

    /**
     * A manifest in the corpus root whose first case is the bad volume of {@code e} (split test) followed by
     * {@link #BASE_CASES}, so that the volume is the experiment's only problem.
     */
    public Path wrapperManifest(Entry e) throws IOException {
        Path m = root.resolve("wrap-" + e.id() + ".json");
        Files.writeString(
                m,
                "{\"name\": \"wrap-" + e.id() + "\", \"cases\": [\n{\"id\": \"bad\", \"image\": \"" + e.file()
                        + "\", \"label\": 1, \"split\": \"test\"},\n" + BASE_CASES + "]}\n");
        return m;
    }

    /** Every regular file under {@code dir}, relative, sorted. */
    static List<String> files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }
}
