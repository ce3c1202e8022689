package io.github.keycloakpin2fa.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The lines one class logs while a piece of code runs, at every level (JBoss Logging writes
 * through the JBoss LogManager, a java.util.logging manager, in the unit tests).
 */
public final class LogCapture {

    /** One logged line: whether it was at INFO or above, and its text. */
    public record Line(boolean atInfoOrAbove, String text) {
    }

    private LogCapture() {
    }

    public static List<Line> of(Class<?> logging, Runnable work) {
        Logger logger = Logger.getLogger(logging.getName());
        List<Line> lines = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(new Line(record.getLevel().intValue() >= Level.INFO.intValue(), record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level before = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try {
            work.run();
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(before);
        }
        return lines;
    }
}
