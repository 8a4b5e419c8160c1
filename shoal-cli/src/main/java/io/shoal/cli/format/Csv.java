package io.shoal.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of comma-separated fields as Go's {@code encoding/csv} reads it, which is how docker
 * parses {@code --mount}, {@code --publish}, {@code --secret} and similar long-form flag values.
 */
public final class Csv {
    private Csv() {}

    public static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            field.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                int column = i + 1;
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("parse error on line 1, column " + (n + 1) + ": extraneous or missing \" in quoted-field");
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.append(c);
                    i++;
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("parse error on line 1, column " + column + ": extraneous or missing \" in quoted-field");
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    char c = line.charAt(i);
                    if (c == '"') {
                        throw new IllegalArgumentException("parse error on line 1, column " + (i + 1) + ": bare \" in non-quoted-field");
                    }
                    field.append(c);
                    i++;
                }
            }
            out.add(field.toString());
            if (i >= n) {
                return out;
            }
            i++; // the comma
        }
    }
}
