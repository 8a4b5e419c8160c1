package io.shoal.cli.command;

import java.io.Console;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Finds out whether stdout is an interactive terminal and its width, which decide how service
 * progress is drawn. On JDK 22+ {@code System.console()} exists even when redirected, so its
 * {@code isTerminal()} is asked when present.
 */
public final class TerminalProbe {
    private static final int UNKNOWN_WIDTH = 200;

    private TerminalProbe() {}

    public static CliContext.Terminal probe(PrintStream out, Map<String, String> env) {
        if (out != System.out || !isTerminal()) {
            return CliContext.Terminal.NONE;
        }
        return new CliContext.Terminal(true, width(env));
    }

    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private static int width(Map<String, String> env) {
        String columns = env.get("COLUMNS");
        if (columns != null) {
            try {
                return Integer.parseInt(columns.trim());
            } catch (NumberFormatException e) {
                // fall through to asking the terminal
            }
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(1, TimeUnit.SECONDS) && p.exitValue() == 0) {
                String[] parts = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim()
                        .split("\\s+");
                if (parts.length == 2) {
                    return Integer.parseInt(parts[1]);
                }
            } else {
                p.destroy();
            }
        } catch (Exception e) {
            // no tty to ask
        }
        return UNKNOWN_WIDTH;
    }
}
