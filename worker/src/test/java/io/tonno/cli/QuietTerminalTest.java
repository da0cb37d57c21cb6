package io.tonno.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What a newcomer's terminal shows: verbs write their log records to a file under {@code .tonno/logs/}
 * (the terminal too only with {@code --verbose}), and {@code demo} shows progress lines, the table and the
 * report path, within 40 lines on a terminal and 80 when piped, and no log record.
 */
public class QuietTerminalTest {
    /** A log record as logback.xml prints it on the terminal, or as the log file has it. */
    static final Pattern LOG_RECORD = Pattern.compile(
            "(^|\\r)(\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(TRACE|DEBUG|INFO|WARN|ERROR) ",
            Pattern.MULTILINE);

    @TempDir
    Path dir;

    private String savedLogDir;
    private String savedMode;

    @BeforeEach
    void saveProperties() {
        savedLogDir = System.getProperty(VerbLogging.DIR_PROPERTY);
        savedMode = System.getProperty(ProgressDisplay.MODE_PROPERTY);
    }

    @AfterEach
    void restoreProperties() {
        restore(VerbLogging.DIR_PROPERTY, savedLogDir);
        restore(ProgressDisplay.MODE_PROPERTY, savedMode);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static List<Appender<ILoggingEvent>> rootAppenders() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> all = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            all.add(it.next());
        }
        return all;
    }

    private static List<Path> logs(Path logDir, String prefix) throws IOException {
        if (!Files.isDirectory(logDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(logDir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aVerbsRecordsGoToItsLogFileAndToTheTerminalOnlyWithVerbose() throws Exception {
        Path logDir = dir.resolve("logs");
        System.setProperty(VerbLogging.DIR_PROPERTY, logDir.toString());
        List<Appender<ILoggingEvent>> before = rootAppenders();
        assertTrue(before.stream().anyMatch(a -> a instanceof ConsoleAppender), "logback.xml's terminal appender");

        CliRun quiet = CliRun.of("synth", "--out", dir.resolve("a").toString(), "--cases", "6", "--size", "16");
        assertEquals(0, quiet.code(), quiet.err());
        assertFalse(LOG_RECORD.matcher(quiet.out() + quiet.err()).find(), quiet.out() + quiet.err());
        assertEquals(1, quiet.out().lines().count(), quiet.out());
        List<Path> files = logs(logDir, "synth-");
        assertEquals(1, files.size(), files.toString());
        String log = Files.readString(files.get(0));
        assertTrue(log.contains("INFO  [") && log.contains("wrote 6 synthetic cases"), log);
        assertTrue(LOG_RECORD.matcher(log).find(), log);
        assertEquals(before, rootAppenders(), "the terminal appender is back after the verb");

        CliRun verbose = CliRun.of("synth", "--out", dir.resolve("b").toString(), "--cases", "6", "--size", "16", "-v");
        assertEquals(0, verbose.code(), verbose.err());
        assertTrue(verbose.err().contains("wrote 6 synthetic cases"), verbose.err());
        assertTrue(LOG_RECORD.matcher(verbose.err()).find(), verbose.err());
        assertEquals(before, rootAppenders());

        // A verb that logs nothing leaves no file; help prints no log path.
        CliRun help = CliRun.of("demo", "--help");
        assertEquals(0, help.code(), help.err());
        assertFalse(help.err().contains("log in"), help.err());
        assertTrue(logs(logDir, "demo-").isEmpty());
    }

    @Test
    void serversKeepLoggingToTheTerminal() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertNull(VerbLogging.start("worker", dir, false, true, sink));
        assertNull(VerbLogging.start("dev", dir, false, true, sink));
        VerbLogging demo = VerbLogging.start("demo", dir, false, true, sink);
        try {
            assertTrue(rootAppenders().stream().noneMatch(a -> a instanceof ConsoleAppender));
            assertTrue(Files.isRegularFile(demo.path()), demo.path().toString());
        } finally {
            demo.close();
        }
        assertTrue(rootAppenders().stream().anyMatch(a -> a instanceof ConsoleAppender));
    }

    @Test
    void onlyTheNewestLogFilesAreKept() throws IOException {
        for (int i = 0; i < VerbLogging.KEEP + 5; i++) {
            Path f = Files.writeString(dir.resolve("train-" + i + ".log"), "x");
            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        Path current = Files.writeString(dir.resolve("demo-now.log"), "x");
        Files.setLastModifiedTime(current, java.nio.file.attribute.FileTime.fromMillis(1));
        VerbLogging.prune(dir, current);
        List<Path> left = logs(dir, "");
        assertEquals(VerbLogging.KEEP, left.size(), left.toString());
        assertTrue(left.contains(current));
        assertFalse(left.contains(dir.resolve("train-5.log")), left.toString());
        assertTrue(left.contains(dir.resolve("train-6.log")), left.toString());
    }

    static final String SPEC = """
            {"experimentId": "%s", "dataset": "set by tonno demo", "preprocessing": "synthetic",
             "model": {"norm": "bn", "sliceSize": 16, "inputNormalization": "none"},
             "training": {"steps": 10, "volumesPerBatch": 2, "slicesPerVolume": 4, "checkpointInterval": 5,
                          "segmentSteps": 5, "warmupSteps": 2, "learningRate": 0.002},
             "methods": [{"name": "tonno", "directions": 8, "slices": 8},
                         {"name": "gradcam", "layer": 3},
                         {"name": "layercam", "layer": 2},
                         {"name": "averaged", "cam": "layercam", "layer": 2, "directions": 4, "slices": 8},
                         {"name": "tomographic", "cam": "layercam", "layer": 2, "directions": 4, "slices": 8}],
             "fanout": {"directionsPerChunk": 8, "chunksInFlight": 2, "casesInFlight": 2}}
            """;

    /**
     * The demo verb end to end on a small spec with the demo's five methods, once as on a terminal and once
     * piped: every stage's progress, the table and the report path, and no log record; the records are in
     * the log file whose path it printed.
     */
    @Test
    void theDemoShowsProgressTheTableAndTheReportWithinFortyLinesOnATerminalAndEightyPiped() throws Exception {
        System.clearProperty(VerbLogging.DIR_PROPERTY);
        Path work = dir.resolve("work");
        for (String mode : List.of("terminal", "plain")) {
            System.setProperty(ProgressDisplay.MODE_PROPERTY, mode);
            Path spec = Files.writeString(dir.resolve(mode + ".json"), SPEC.formatted("quiet-" + mode));
            CliRun run = CliRun.of(
                    "demo",
                    "--work",
                    work.toString(),
                    "--spec",
                    spec.toString(),
                    "--cases",
                    "8",
                    "--size",
                    "16",
                    "--port-temporal",
                    "0",
                    "--port-s3",
                    "0");
            String shown = run.out() + run.err();
            assertEquals(0, run.code(), shown);
            long lines = shown.chars().filter(c -> c == '\n').count();
            assertTrue(lines <= (mode.equals("terminal") ? 40 : 80), mode + ": " + lines + " lines\n" + shown);
            assertFalse(LOG_RECORD.matcher(shown).find(), mode + ": a log record on the terminal\n" + shown);
            assertEquals(mode.equals("terminal"), shown.contains("\r"), shown);
            // Stages that end between two polls of the progress query (a second apart) may not show; training
            // takes seconds even here.
            for (String expected : List.of(
                    "train        [",
                    "| Method |",
                    "| ToNNO |",
                    "| Tomographic LayerCAM |",
                    "tonno demo: report ",
                    "index.html")) {
                assertTrue(shown.contains(expected), mode + ": no '" + expected + "'\n" + shown);
            }
            assertFalse(shown.contains("CUDA"), shown);

            List<Path> files = logs(work.resolve("logs"), "demo-");
            assertFalse(files.isEmpty(), "no log file under " + work.resolve("logs"));
            Path file = files.get(files.size() - 1);
            assertTrue(
                    run.err().contains("log in " + file.toAbsolutePath())
                            || run.err()
                                    .contains("log in "
                                            + Path.of("").toAbsolutePath().relativize(file.toAbsolutePath())),
                    run.err());
            String log = Files.readString(file);
            // What the terminal used to show: the worker's registrations and every activity attempt.
            assertTrue(log.contains("registered GPU activities"), log);
            assertTrue(
                    log.lines()
                                    .filter(l -> l.contains("attempt 1") && l.contains("quiet-" + mode))
                                    .count()
                            >= 8,
                    log);
        }
    }
}
