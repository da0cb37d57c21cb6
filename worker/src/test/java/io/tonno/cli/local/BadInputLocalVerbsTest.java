package io.tonno.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tonno.cli.CliRun;
import io.tonno.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every entry of the bad-input corpus through its local verb, in process: exit code 2, a message naming the
 * file and the field, and nothing written (no output file, no dataset.json, the corpus untouched). Durations
 * are printed, not asserted.
 */
public class BadInputLocalVerbsTest {
    @TempDir
    Path dir;

    private String[] args(BadInputCorpus corpus, BadInputCorpus.Entry e, Path out) throws Exception {
        String file = corpus.file(e).toString();
        return switch (e.verb()) {
            case "inspect" -> new String[] {"inspect", file};
            case "reconstruct" ->
                new String[] {
                    "reconstruct",
                    "--input",
                    file,
                    "--out",
                    out.resolve("heat.nii.gz").toString(),
                    "--directions",
                    "4",
                    "--slices",
                    "3",
                    "--slice-size",
                    "8",
                    "--threads",
                    "1"
                };
            case "preprocess" ->
                new String[] {
                    "preprocess",
                    "--dataset",
                    file,
                    "--preset",
                    "synthetic",
                    "--out",
                    out.resolve("pre").toString()
                };
            case "submit" -> new String[] {"submit", "--dry-run", file};
            case "submit-dataset" -> {
                Path spec = dir.resolve("specs-" + e.id() + ".json");
                Files.writeString(
                        spec, "{\"experimentId\": \"dry\", \"dataset\": \"" + file.replace("\\", "\\\\") + "\"}");
                yield new String[] {"submit", "--dry-run", spec.toString()};
            }
            default -> throw new IllegalArgumentException(e.id() + ": unknown verb " + e.verb());
        };
    }

    @Test
    void everyCorpusEntryExitsWithCodeTwoNamingFileAndFieldAndWritesNothing() throws Exception {
        BadInputCorpus corpus = BadInputCorpus.copyTo(Files.createDirectories(dir.resolve("corpus")));
        assertTrue(
                corpus.entries().size() >= 30, "corpus has " + corpus.entries().size() + " entries");
        Set<String> kinds = new TreeSet<>();
        List<String> before = BadInputCorpus.files(corpus.root());
        List<String> failures = new ArrayList<>();
        StringBuilder timings = new StringBuilder("bad-input corpus, local verbs (ms):\n");
        for (BadInputCorpus.Entry e : corpus.entries()) {
            kinds.add(e.kind());
            Path out = dir.resolve("out").resolve(e.id());
            long t0 = System.nanoTime();
            CliRun r = CliRun.of(args(corpus, e, out));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            timings.append(String.format(Locale.ROOT, "  %-36s %-15s %5d%n", e.id(), e.verb(), ms));
            String message = r.err();
            List<String> wanted = new ArrayList<>(e.expect());
            wanted.add(e.names());
            List<String> missing =
                    wanted.stream().filter(w -> !message.contains(w)).toList();
            if (r.code() != ExitCodes.BAD_INPUT || !missing.isEmpty()) {
                failures.add(e.id() + ": exit " + r.code() + ", missing " + missing + " in:\n" + message + r.out());
            }
            if (message.contains("\tat ") || message.contains("Exception")) {
                failures.add(e.id() + ": the message shows a stack trace or an exception name:\n" + message);
            }
            List<String> written = BadInputCorpus.files(out);
            if (!written.isEmpty()) {
                failures.add(e.id() + ": wrote " + written);
            }
        }
        System.out.print(timings);
        assertEquals(List.of(), failures, String.join("\n\n", failures));
        assertEquals(Set.of("dicom", "manifest", "nifti", "spec"), kinds);
        assertEquals(before, BadInputCorpus.files(corpus.root()), "the corpus itself was modified");
    }
}
