package io.shoal.daemon;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Prints a short component name instead of a logger's class name, so log lines read
 * "INFO  scheduler: ..." rather than "io.shoal.manager.scheduler.Scheduler ...".
 */
public final class LogComponentConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return component(event.getLoggerName());
    }

    /**
     * {@code io.shoal.<module>[.<package>].Class} gives the package right below the module, or the
     * module itself; well-known libraries get their short names; anything else its simple name.
     */
    static String component(String logger) {
        if (logger == null || logger.isEmpty()) {
            return "-";
        }
        if (logger.startsWith("io.shoal.")) {
            String[] parts = logger.substring("io.shoal.".length()).split("\\.");
            if (parts.length >= 3 && isPackage(parts[1])) {
                return parts[1];
            }
            return parts[0];
        }
        if (logger.startsWith("org.apache.ratis")) {
            return "ratis";
        }
        if (logger.startsWith("org.eclipse.jetty")) {
            return "jetty";
        }
        if (logger.startsWith("io.javalin")) {
            return "javalin";
        }
        if (logger.startsWith("com.github.dockerjava")) {
            return "docker-java";
        }
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }

    private static boolean isPackage(String segment) {
        return !segment.isEmpty() && Character.isLowerCase(segment.charAt(0));
    }
}
