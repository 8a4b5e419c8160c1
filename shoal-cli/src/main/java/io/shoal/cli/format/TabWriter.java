package io.shoal.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code text/tabwriter} (elastic tabstops) with a space pad character and no flags, which
 * is what the docker CLI lays its tables out with ({@code minwidth 10, tabwidth 1, padding 3}).
 * Cells end at a tab; the last cell of a line is not aligned; a line without tabs ends a block.
 * Widths count terminal columns, as docker's copy does.
 */
public final class TabWriter {
    private record Cell(String text, int width, boolean tabTerminated) {}

    private final StringBuilder out;
    private final int minWidth;
    private final int padding;
    private final List<List<Cell>> lines = new ArrayList<>();
    private final StringBuilder cell = new StringBuilder();
    private final List<Integer> widths = new ArrayList<>();

    public TabWriter(StringBuilder out, int minWidth, int padding) {
        this.out = out;
        this.minWidth = minWidth;
        this.padding = padding;
        lines.add(new ArrayList<>());
    }

    /** The writer docker's tables use. */
    public static TabWriter forTables(StringBuilder out) {
        return new TabWriter(out, 10, 3);
    }

    /** Lays out {@code text} as a docker table would print it. */
    public static String table(String text) {
        StringBuilder sb = new StringBuilder();
        TabWriter w = forTables(sb);
        w.write(text);
        w.flush();
        return sb.toString();
    }

    public TabWriter write(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\t') {
                terminateCell(true);
            } else if (ch == '\n') {
                int cells = terminateCell(false);
                lines.add(new ArrayList<>());
                if (cells == 1) {
                    // a line of one cell cannot affect the alignment of later lines
                    flush();
                }
            } else {
                cell.append(ch);
            }
        }
        return this;
    }

    public void flush() {
        if (!cell.isEmpty()) {
            terminateCell(false);
        }
        format(0, lines.size());
        lines.clear();
        lines.add(new ArrayList<>());
    }

    private int terminateCell(boolean tab) {
        String text = cell.toString();
        cell.setLength(0);
        List<Cell> line = lines.get(lines.size() - 1);
        line.add(new Cell(text, DisplayWidth.of(text), tab));
        return line.size();
    }

    private void format(int line0, int line1) {
        int column = widths.size();
        for (int current = line0; current < line1; current++) {
            List<Cell> line = lines.get(current);
            if (column >= line.size() - 1) {
                continue;
            }
            // a cell in this column starts a block: print what precedes it, then size the column
            writeLines(line0, current);
            line0 = current;
            int width = minWidth;
            for (; current < line1; current++) {
                line = lines.get(current);
                if (column >= line.size() - 1) {
                    break;
                }
                width = Math.max(width, line.get(column).width() + padding);
            }
            widths.add(width);
            format(line0, current);
            widths.remove(widths.size() - 1);
            line0 = current;
        }
        writeLines(line0, line1);
    }

    private void writeLines(int line0, int line1) {
        for (int i = line0; i < line1; i++) {
            List<Cell> line = lines.get(i);
            for (int j = 0; j < line.size(); j++) {
                Cell c = line.get(j);
                out.append(c.text());
                if (j < widths.size()) {
                    out.append(" ".repeat(Math.max(0, widths.get(j) - c.width())));
                }
            }
            if (i + 1 < lines.size()) {
                out.append('\n');
            }
        }
    }
}
