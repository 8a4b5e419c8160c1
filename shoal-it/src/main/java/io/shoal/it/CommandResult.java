package io.shoal.it;

import java.time.Duration;
import java.util.List;

/** What one run of an external command printed and how it ended. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr,
                            boolean timedOut, Duration took) {

    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** Non-blank stdout lines, trimmed at the end. */
    public List<String> lines() {
        return stdout.lines().map(String::stripTrailing).filter(l -> !l.isBlank()).toList();
    }

    /** For assertion messages: the command, its exit and both streams. */
    public String describe() {
        return "$ " + String.join(" ", command)
                + (timedOut ? "\n(timed out after " + took.toMillis() + " ms)" : "\n(exit " + exitCode + ", " + took.toMillis() + " ms)")
                + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }

    @Override
    public String toString() {
        return describe();
    }
}
