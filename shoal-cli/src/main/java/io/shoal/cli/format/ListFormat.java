package io.shoal.cli.format;

import java.util.List;
import java.util.Map;

/**
 * docker's {@code formatter.Context}: a {@code --format} (or default) template applied to each
 * row. A format starting with {@code table} gets a header row and tabwriter alignment; "json"
 * means {@code {{json .}}}; {@code \t} and {@code \n} escapes are honoured.
 */
public final class ListFormat {
    private final boolean table;
    private final MiniTemplate template;

    private ListFormat(boolean table, MiniTemplate template) {
        this.table = table;
        this.template = template;
    }

    public static ListFormat of(String format) {
        boolean table = format.startsWith("table");
        String f = format;
        if (table) {
            f = f.substring("table".length());
        } else if (f.equals("json")) {
            f = "{{json .}}";
        }
        f = f.strip().replace("\\t", "\t").replace("\\n", "\n");
        return new ListFormat(table, MiniTemplate.parse(f));
    }

    public boolean isTable() {
        return table;
    }

    /** The rendered rows: with the header and aligned when a table, else one template per line. */
    public String render(Map<String, ?> header, List<? extends Map<String, ?>> rows) {
        StringBuilder body = new StringBuilder();
        for (Map<String, ?> row : rows) {
            body.append(template.execute(row)).append('\n');
        }
        if (!table) {
            return body.toString();
        }
        StringBuilder out = new StringBuilder();
        TabWriter w = TabWriter.forTables(out);
        w.write(template.execute(header));
        w.write("\n");
        w.write(body.toString());
        w.flush();
        return out.toString();
    }
}
