package io.shoal.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Process-wide logging set-up for the daemon: level from the flags, JUL routed into SLF4J. */
public final class Logging {
    private Logging() {}

    /**
     * Sets the root level ({@code debug}, {@code info}, {@code warn}, {@code error}; libraries stay at
     * WARN, see logback.xml) and sends java.util.logging (gRPC, some JDK parts) through SLF4J.
     */
    public static void configure(String level) {
        Level parsed = parseLevel(level);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(parsed);
        }
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        // JUL filters by its own levels before the bridge sees a record: let the slf4j side decide.
        java.util.logging.Logger.getLogger("").setLevel(parsed.isGreaterOrEqual(Level.INFO)
                ? java.util.logging.Level.INFO : java.util.logging.Level.FINEST);
    }

    static Level parseLevel(String level) {
        String l = level == null ? "info" : level.trim().toLowerCase(Locale.ROOT);
        return switch (l) {
            case "trace" -> Level.TRACE;
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARN;
            case "error", "fatal" -> Level.ERROR;
            default -> throw new IllegalArgumentException(
                    "invalid log level '" + level + "': must be one of trace, debug, info, warn, error");
        };
    }
}
