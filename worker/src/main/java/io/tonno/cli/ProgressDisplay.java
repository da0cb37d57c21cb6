package io.tonno.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The live progress of a verb: one line per stage. On a terminal the current stage's line is redrawn in
 * place (carriage return, erase to the end of the line), at most ten times a second, and a new stage
 * starts a new line, so a run leaves one line per stage. Elsewhere (a pipe, a file, {@code TERM=dumb})
 * it prints plain lines: when a stage starts, when it passes each quarter of its work, and its final
 * state when it ends, so at most six lines per stage.
 *
 * <p>A line reads {@code stage [#####.....]  45%  detail  1m05s}: the stage, a bar and percentage when
 * the fraction done is known, the caller's detail and the time spent in the stage.
 *
 * <p>The mode is a terminal when {@link System#console()} exists and {@code TERM} is not {@code dumb};
 * the system property {@value #MODE_PROPERTY} or the environment variable {@value #MODE_ENV}
 * ({@code terminal} or {@code plain}) overrides it.
 */
public final class ProgressDisplay implements AutoCloseable {
    static final String MODE_PROPERTY = "tonno.progress";
    static final String MODE_ENV = "TONNO_PROGRESS";
    private static final int BAR = 20;
    private static final int STAGE_WIDTH = 12;
    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PrintStream out;
    private final boolean terminal;
    private final int width;
    private final LongSupplier clock;

    private String stage;
    private long stageStart;
    private double fraction = Double.NaN;
    private String detail = "";
    private int printedQuarter;
    private String printedState;
    private String drawn;
    private long lastDraw;

    /**
     * @param out      where the lines go
     * @param terminal redraw in place (else plain lines)
     * @param width    terminal columns; lines are cut to {@code width - 1} on a terminal
     * @param clock    nanosecond clock (elapsed times, redraw rate)
     */
    ProgressDisplay(PrintStream out, boolean terminal, int width, LongSupplier clock) {
        this.out = Objects.requireNonNull(out);
        this.terminal = terminal;
        this.width = Math.max(20, width);
        this.clock = Objects.requireNonNull(clock);
    }

    /** A display on {@code out} in the mode this process's output calls for (see the class comment). */
    public static ProgressDisplay create(PrintStream out) {
        boolean terminal = isTerminal();
        return new ProgressDisplay(out, terminal, terminal ? columns() : 80, System::nanoTime);
    }

    /** Whether progress is drawn in place (see the class comment). */
    static boolean isTerminal() {
        String mode = System.getProperty(MODE_PROPERTY, System.getenv(MODE_ENV));
        if (mode != null && !mode.isBlank()) {
            return mode.trim().equalsIgnoreCase("terminal");
        }
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    /** Whether this display redraws in place. */
    boolean terminal() {
        return terminal;
    }

    /**
     * The state of a stage; a stage other than the current one ends the current one's line first.
     *
     * @param stage    the stage's name
     * @param fraction work done in [0, 1], or NaN when unknown
     * @param detail   what the user reads next to the bar (counts, loss, ...)
     */
    public synchronized void update(String stage, double fraction, String detail) {
        long now = clock.getAsLong();
        if (!stage.equals(this.stage)) {
            endStage();
            this.stage = stage;
            stageStart = now;
            printedQuarter = -1;
            printedState = null;
        }
        this.fraction = Double.isNaN(fraction) ? Double.NaN : Math.max(0, Math.min(1, fraction));
        this.detail = detail == null ? "" : detail;
        if (terminal) {
            if (drawn == null || now - lastDraw >= REDRAW_NANOS) {
                draw(now);
            }
        } else {
            int quarter = Double.isNaN(this.fraction) ? 0 : (int) Math.floor(this.fraction * 4);
            if (quarter > printedQuarter) {
                printedQuarter = quarter;
                printLine(now);
            }
        }
    }

    /** A line that stays (above the current stage's line on a terminal). */
    public synchronized void message(String line) {
        if (terminal && drawn != null) {
            out.print("\r\033[K");
            out.println(line);
            draw(clock.getAsLong());
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the current stage's line with its last state; the next update starts a new line. */
    public synchronized void endStage() {
        if (stage == null) {
            return;
        }
        long now = clock.getAsLong();
        if (terminal) {
            draw(now);
            out.print('\n');
            drawn = null;
        } else if (!state().equals(printedState)) {
            printLine(now);
        }
        out.flush();
        stage = null;
    }

    @Override
    public synchronized void close() {
        endStage();
    }

    /** The text of the current stage's line at time {@code now}. */
    String render(long now) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-" + STAGE_WIDTH + "s", stage));
        if (!Double.isNaN(fraction)) {
            int filled = (int) Math.floor(fraction * BAR);
            s.append(" [")
                    .append("#".repeat(filled))
                    .append(".".repeat(BAR - filled))
                    .append(']')
                    .append(String.format(Locale.ROOT, " %3d%%", (int) Math.floor(fraction * 100)));
        }
        if (!detail.isEmpty()) {
            s.append("  ").append(detail);
        }
        s.append("  ").append(elapsed(now - stageStart));
        return s.toString();
    }

    private String state() {
        return fraction + "|" + detail;
    }

    private void printLine(long now) {
        printedState = state();
        out.println(render(now));
        out.flush();
    }

    private void draw(long now) {
        String text = render(now);
        if (text.length() > width - 1) {
            text = text.substring(0, width - 1);
        }
        out.print("\r" + text + "\033[K");
        out.flush();
        drawn = text;
        lastDraw = now;
    }

    /** The terminal's width: {@code COLUMNS}, else {@code stty size} on {@code /dev/tty}, else 80. */
    static int columns() {
        try {
            String env = System.getenv("COLUMNS");
            if (env != null) {
                return Integer.parseInt(env.trim());
            }
        } catch (NumberFormatException e) {
            // fall through to stty
        }
        try {
            Process p = new ProcessBuilder("stty", "size")
                    .redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String answer = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
                String[] rowsCols = answer.trim().split("\\s+");
                if (rowsCols.length == 2 && Integer.parseInt(rowsCols[1]) > 0) {
                    return Integer.parseInt(rowsCols[1]);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // no tty or no stty: the default below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 80;
    }

    public static String elapsed(long nanos) {
        long s = Math.max(0, Math.round(nanos / 1e9));
        return s < 60 ? s + "s" : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
