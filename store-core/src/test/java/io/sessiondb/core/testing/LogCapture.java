package io.sessiondb.core.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures every java.util.logging record, at every level, until closed: the root logger is set to
 * {@code ALL} for the duration (its previous level is restored on close). store-core's
 * {@code System.Logger}, and HikariCP through slf4j-jdk14 on the test class path, both end up here, as
 * does the PostgreSQL driver. Test code only.
 */
public final class LogCapture implements AutoCloseable {

    private static final SimpleFormatter FORMATTER = new SimpleFormatter();

    private final Logger root = Logger.getLogger("");
    private final Level previousLevel;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
        previousLevel = root.getLevel();
        handler.setLevel(Level.ALL);
        root.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    /** @return a capture of every record of every logger from now on */
    public static LogCapture everything() {
        return new LogCapture();
    }

    /** @return the records captured so far */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** @return the records captured so far at {@code level} exactly */
    public List<LogRecord> recordsAt(Level level) {
        List<LogRecord> out = new ArrayList<>();
        for (LogRecord r : records) {
            if (r.getLevel().equals(level)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * @return everything a log reader could see of {@code record}: logger name, raw and formatted
     * message, each parameter, and the thrown exception with its causes, suppressed and next exceptions
     */
    public static String fullText(LogRecord record) {
        StringBuilder text = new StringBuilder();
        text.append(record.getLoggerName()).append('\n');
        text.append(record.getMessage()).append('\n');
        text.append(FORMATTER.formatMessage(record)).append('\n');
        if (record.getParameters() != null) {
            for (Object p : record.getParameters()) {
                text.append(p).append('\n');
            }
        }
        appendThrown(text, record.getThrown());
        return text.toString();
    }

    private static void appendThrown(StringBuilder text, Throwable thrown) {
        if (thrown == null) {
            return;
        }
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        text.append(trace);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                appendThrown(text, sql.getNextException());
            }
            if (t.getCause() == t) {
                break;
            }
        }
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        root.setLevel(previousLevel);
    }
}
