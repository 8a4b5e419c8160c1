package io.shoal.cli.progress;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Draws progress reports the way docker's {@code jsonmessage} stream does. On a terminal every
 * id owns a row that is redrawn in place (cursor up, erase line, cursor down). Elsewhere, bars
 * are dropped and each status is printed as a line, once per change (docker repeats unchanged
 * lines on every poll; one line per change is easier to read in logs).
 */
public final class ProgressDisplay implements ProgressSink {
    private static final String ESC = "\u001b[";

    private final PrintStream out;
    private final boolean terminal;
    private final int width;
    private Map<String, Integer> rows = new HashMap<>();
    private final Map<String, String> lastLine = new HashMap<>();

    public ProgressDisplay(PrintStream out, boolean terminal, int width) {
        this.out = Objects.requireNonNull(out, "out is null");
        this.terminal = terminal;
        this.width = width;
    }

    @Override
    public void write(Progress p) {
        if (terminal) {
            drawOnTerminal(p);
        } else {
            printLine(p);
        }
        out.flush();
    }

    private void drawOnTerminal(Progress p) {
        int diff = 0;
        if (!p.id().isEmpty() && !p.isMessage()) {
            Integer row = rows.get(p.id());
            if (row == null) {
                row = rows.size();
                rows.put(p.id(), row);
                out.print("\n");
            }
            diff = rows.size() - row;
            out.print(up(diff));
        } else {
            rows = new HashMap<>();
        }
        StringBuilder line = new StringBuilder();
        if (p.isMessage()) {
            if (!p.id().isEmpty()) {
                line.append(p.id()).append(": ");
            }
            line.append(p.message()).append('\n');
        } else {
            line.append(ESC).append("2K").append('\r');
            if (!p.id().isEmpty()) {
                line.append(p.id()).append(": ");
            }
            line.append(p.action()).append(' ').append(p.barText(width)).append('\r');
        }
        out.print(line);
        if (!p.id().isEmpty()) {
            out.print(down(diff));
        }
    }

    private void printLine(Progress p) {
        String text;
        if (p.isMessage()) {
            text = p.message();
        } else {
            if (p.hasBar()) {
                return;
            }
            text = p.action();
        }
        String line = (p.id().isEmpty() ? "" : p.id() + ": ") + text;
        if (!p.isMessage() && !p.id().isEmpty() && line.equals(lastLine.get(p.id()))) {
            return;
        }
        lastLine.put(p.id(), line);
        out.print(line + "\n");
    }

    private static String up(int n) {
        return n == 0 ? "" : ESC + n + "A";
    }

    private static String down(int n) {
        return n == 0 ? "" : ESC + n + "B";
    }
}
