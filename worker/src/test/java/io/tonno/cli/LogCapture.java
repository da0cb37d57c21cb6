package io.tonno.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures everything this JVM logs (every logback event at DEBUG for tonno, INFO elsewhere, with stack
 * traces) and prints on System.out and System.err, while it is open; the console appenders are detached
 * meanwhile so the capture does not flood the build log. {@link #text()} is the capture so far.
 */
public final class LogCapture implements AutoCloseable {
    private final StringBuffer text = new StringBuffer();
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Map<String, Level> levels = new HashMap<>();
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final AppenderBase<ILoggingEvent> appender;
    private final PrintStream oldOut = System.out;
    private final PrintStream oldErr = System.err;

    public LogCapture() {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            detached.add(it.next());
        }
        detached.forEach(root::detachAppender);
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                text.append(e.getLevel())
                        .append(' ')
                        .append(e.getLoggerName())
                        .append(" - ")
                        .append(e.getFormattedMessage())
                        .append('\n');
                if (e.getThrowableProxy() != null) {
                    text.append(ThrowableProxyUtil.asString(e.getThrowableProxy()))
                            .append('\n');
                }
            }
        };
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        level(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.INFO);
        for (String name : new String[] {
            "io.tonno", "io.temporal", "io.grpc", "org.gaul", "org.eclipse.jetty", "io.minio", "okhttp3"
        }) {
            level(name, name.equals("io.tonno") ? Level.DEBUG : Level.INFO);
        }
        System.setOut(new PrintStream(capture(), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capture(), true, StandardCharsets.UTF_8));
    }

    private void level(String name, Level level) {
        Logger logger = context.getLogger(name);
        levels.put(name, logger.getLevel());
        logger.setLevel(level);
    }

    private OutputStream capture() {
        return new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                line.write(b);
                if (b == '\n') {
                    flush();
                }
            }

            @Override
            public synchronized void flush() {
                text.append(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        };
    }

    /** Everything captured so far. */
    public String text() {
        System.out.flush();
        System.err.flush();
        return text.toString();
    }

    @Override
    public void close() {
        System.setOut(oldOut);
        System.setErr(oldErr);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        appender.stop();
        detached.forEach(root::addAppender);
        levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }
}
