package io.shoal.cli.progress;

import java.util.Map;

/**
 * Task states numbered as docker's progress code numbers them; states it does not list
 * ({@code remove}, {@code orphaned}, unknown text) are 0 and such tasks are not shown.
 */
final class TaskStates {
    static final int RUNNING = 9;
    static final int COMPLETE = 10;
    /** The widest state shown ("preparing", "allocated"): state names are padded to it. */
    static final int LONGEST = 9;

    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("new", 1), Map.entry("allocated", 2), Map.entry("pending", 3), Map.entry("assigned", 4),
            Map.entry("accepted", 5), Map.entry("preparing", 6), Map.entry("ready", 7), Map.entry("starting", 8),
            Map.entry("running", 9), Map.entry("complete", 10), Map.entry("shutdown", 11), Map.entry("failed", 12),
            Map.entry("rejected", 13));

    private TaskStates() {}

    static int number(String state) {
        return state == null ? 0 : NUMBERS.getOrDefault(state, 0);
    }

    /** After running: complete, shutdown, failed, rejected. */
    static boolean terminal(String state) {
        return number(state) > RUNNING;
    }

    static String padded(String state) {
        String s = state == null ? "" : state;
        return s.length() >= LONGEST ? s : s + " ".repeat(LONGEST - s.length());
    }

    /** An error shortened to one 75-column line, as docker shows task errors under a bar. */
    static String truncError(String err) {
        String e = err.replace("\n", " ");
        byte[] bytes = e.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length > 75) {
            e = new String(bytes, 0, 74, java.nio.charset.StandardCharsets.UTF_8) + "\u2026";
        }
        return e;
    }
}
