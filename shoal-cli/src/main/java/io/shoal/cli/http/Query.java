package io.shoal.cli.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * URL query parameters encoded as Go's {@code url.Values.Encode} does (keys sorted, Go's
 * escaping), so requests look exactly like the docker client's.
 */
public final class Query {
    private final TreeMap<String, String> values = new TreeMap<>();

    public static Query of() {
        return new Query();
    }

    public Query set(String key, String value) {
        values.put(key, value);
        return this;
    }

    public Query setIf(boolean condition, String key, String value) {
        if (condition) {
            values.put(key, value);
        }
        return this;
    }

    public Map<String, String> values() {
        return Map.copyOf(values);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public String encode() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(escape(e.getKey(), false)).append('=').append(escape(e.getValue(), false));
        }
        return sb.toString();
    }

    /** Go's {@code url.QueryEscape} ({@code pathSegment=false}) or {@code url.PathEscape}. */
    public static String escape(String s, boolean pathSegment) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append((char) c);
            } else if (pathSegment && (c == ':' || c == '@' || c == '&' || c == '=' || c == '+' || c == '$'
                    || c == '!' || c == '*' || c == '\'' || c == '(' || c == ')' || c == ',' || c == ';')) {
                sb.append((char) c);
            } else if (!pathSegment && c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
