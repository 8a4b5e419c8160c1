package io.shoal.cli.progress;

import io.shoal.cli.format.Units;

/**
 * One progress report, as docker's {@code progress.Progress}: either a {@code message} (a plain
 * line) or an {@code action} with an optional bar ({@code current} of {@code total}).
 */
public record Progress(String id, String message, String action, long current, long total, boolean hideCounts,
        String units) {

    /** A status for {@code id}, drawn on its own line ({@code progress.Update}). */
    public static Progress update(String id, String action) {
        return new Progress(id, "", action, 0, 0, false, "");
    }

    /** A status with a bar and no numbers, as task states are drawn. */
    public static Progress bar(String id, String action, long current, long total) {
        return new Progress(id, "", action, current, total, true, "");
    }

    /** A status with a bar and "n/m units" ({@code swarm ca --rotate}). */
    public static Progress counted(String id, String action, long current, long total, String units) {
        return new Progress(id, "", action, current, total, false, units);
    }

    /** A plain line, not tied to a redrawn row ({@code progress.Message}). */
    public static Progress message(String id, String message) {
        return new Progress(id, message, "", 0, 0, false, "");
    }

    public boolean isMessage() {
        return !message.isEmpty();
    }

    /** Whether there is anything to draw after the status (docker hides such lines off a terminal). */
    public boolean hasBar() {
        return current > 0 || total > 0;
    }

    /** docker's {@code JSONProgress.String()} for a terminal {@code width} columns wide. */
    public String barText(int width) {
        if (current <= 0 && total <= 0) {
            return "";
        }
        if (total <= 0) {
            return units.isEmpty() ? String.format("%8s", Units.humanSize(current)) : current + " " + units;
        }
        int percentage = (int) ((double) current / (double) total * 100) / 2;
        percentage = Math.min(percentage, 50);
        String box = "";
        if (width > 110) {
            box = "[" + "=".repeat(percentage) + ">" + " ".repeat(Math.max(0, 50 - percentage)) + "] ";
        }
        String numbers;
        if (hideCounts) {
            numbers = "";
        } else if (units.isEmpty()) {
            numbers = current > total ? String.format("%8s", Units.humanSize(current))
                    : String.format("%8s/%s", Units.humanSize(current), Units.humanSize(total));
        } else {
            numbers = current > total ? current + " " + units : current + "/" + total + " " + units;
        }
        return box + numbers;
    }
}
