package io.tonno.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Where a verb's log records go while it runs. Servers ({@code worker}, {@code dev}) log to the terminal
 * (stderr) as {@code logback.xml} says. Every other verb writes its records, at the same levels, to
 * {@code .tonno/logs/VERB-yyyyMMdd-HHmmss.log} instead (the demo: under its {@code --work} directory;
 * {@value #DIR_PROPERTY} overrides the directory), and with {@code --verbose} to the terminal too. The
 * verbs that show progress ({@link ProgressVerb}) print the file's path once when they start; the others
 * create the file only when something is logged. When a run logged warnings of tonno's own or errors, one
 * line at the end says how many and where. The 20 newest log files of a directory are kept.
 */
public final class VerbLogging implements AutoCloseable {
    /** System property naming the log directory (tests point it into {@code target/}). */
    static final String DIR_PROPERTY = "tonno.logDir";
    /** Verbs that log to the terminal, as servers do. */
    static final Set<String> SERVERS = Set.of("worker", "dev");

    static final int KEEP = 20;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final String verb;
    private final Logger root;
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final FileAppender file;
    private final boolean verbose;
    private final PrintStream terminal;

    private VerbLogging(String verb, Logger root, FileAppender file, boolean verbose, PrintStream terminal) {
        this.verb = verb;
        this.root = root;
        this.file = file;
        this.verbose = verbose;
        this.terminal = terminal;
    }

    /**
     * Routes the log records of one verb's run; {@link #close()} restores the configuration.
     *
     * @param verb     the verb's name (names the file)
     * @param dir      the log directory
     * @param verbose  keep the terminal appenders too
     * @param announce print the file's path on {@code terminal} now (creating the file)
     * @param terminal where the path and the closing summary are printed (stderr)
     * @return null for a server verb, or when logging is not logback (nothing to route)
     */
    static VerbLogging start(String verb, Path dir, boolean verbose, boolean announce, PrintStream terminal) {
        if (SERVERS.contains(verb) || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return null;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Path path = dir.resolve(verb + "-" + LocalDateTime.now().format(STAMP) + ".log");
        FileAppender file = new FileAppender(path);
        file.setContext(context);
        file.setName("tonno-file");
        file.start();
        VerbLogging routing = new VerbLogging(verb, root, file, verbose, terminal);
        if (!verbose) {
            for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
                Appender<ILoggingEvent> a = it.next();
                if (a instanceof ConsoleAppender) {
                    routing.detached.add(a);
                }
            }
            routing.detached.forEach(root::detachAppender);
        }
        root.addAppender(file);
        if (announce) {
            try {
                file.open();
            } catch (UncheckedIOException e) {
                routing.close();
                terminal.println("tonno " + verb + ": " + e.getMessage() + "; logging to the terminal");
                return null;
            }
            prune(dir, path);
            terminal.println(
                    "tonno " + verb + ": log in " + shown(path) + (verbose ? "" : " (--verbose shows it here too)"));
        }
        return routing;
    }

    /** The log directory: {@value #DIR_PROPERTY}, else {@code workDir/logs}. */
    static Path directory(Path workDir) {
        String dir = System.getProperty(DIR_PROPERTY);
        return dir != null ? Path.of(dir) : workDir.resolve("logs");
    }

    /** The log file (created by the first record, or at start when announced). */
    Path path() {
        return file.path;
    }

    @Override
    public void close() {
        root.detachAppender(file);
        file.stop();
        detached.forEach(root::addAppender);
        detached.clear();
        if (Files.exists(file.path)) {
            prune(file.path.getParent(), file.path);
        }
        long notable = file.notable;
        if (notable > 0 && !verbose) {
            terminal.printf(
                    Locale.ROOT,
                    "tonno %s: %d warning%s or error%s logged, see %s%n",
                    verb,
                    notable,
                    notable == 1 ? "" : "s",
                    notable == 1 ? "" : "s",
                    shown(file.path));
        }
    }

    /** A path as the user reads it: relative to the working directory when under it, else absolute. */
    public static String shown(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    /** Deletes all but the {@link #KEEP} newest {@code *.log} files of {@code dir} (never {@code current}). */
    static void prune(Path dir, Path current) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> logs = files.filter(p -> p.getFileName().toString().endsWith(".log") && !p.equals(current))
                    .sorted((a, b) -> Long.compare(modified(b), modified(a)))
                    .toList();
            for (Path old : logs.subList(Math.min(logs.size(), KEEP - 1), logs.size())) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            // Pruning is housekeeping: a directory we cannot list or a file we cannot delete stays.
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Appends records to a file opened at the first record (or {@link #open()}), flushed after each, and
     * counts the notable ones: warnings of tonno's own loggers, errors of any.
     */
    static final class FileAppender extends AppenderBase<ILoggingEvent> {
        private final Path path;
        private final PatternLayout layout = new PatternLayout();
        private Writer out;
        private boolean failed;
        private long notable;

        FileAppender(Path path) {
            this.path = path;
        }

        @Override
        public void start() {
            layout.setContext(getContext());
            layout.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
            layout.start();
            super.start();
        }

        synchronized void open() {
            if (out != null || failed) {
                return;
            }
            try {
                Files.createDirectories(path.getParent());
                out = Files.newBufferedWriter(
                        path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                failed = true;
                addError("cannot open the log file " + path, e);
                throw new UncheckedIOException("cannot open the log file " + path + ": " + e.getMessage(), e);
            }
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)
                    || event.getLevel().isGreaterOrEqual(Level.WARN)
                            && event.getLoggerName().startsWith("io.tonno")) {
                notable++;
            }
            if (failed) {
                return;
            }
            try {
                open();
                out.write(layout.doLayout(event));
                out.flush();
            } catch (IOException | UncheckedIOException e) {
                failed = true;
                addError("cannot write the log file " + path, e);
            }
        }

        @Override
        public void stop() {
            super.stop();
            synchronized (this) {
                if (out != null) {
                    try {
                        out.close();
                    } catch (IOException e) {
                        addError("cannot close the log file " + path, e);
                    }
                    out = null;
                }
            }
            layout.stop();
        }
    }
}
