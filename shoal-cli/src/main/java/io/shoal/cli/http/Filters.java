package io.shoal.cli.http;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Docker's {@code filters.Args}: {@code key=value} pairs sent as {@code {"key":{"value":true}}}
 * (keys and values sorted, as Go's map encoding orders them).
 */
public final class Filters {
    private final TreeMap<String, TreeSet<String>> args = new TreeMap<>();

    public static Filters of() {
        return new Filters();
    }

    public Filters add(String key, String value) {
        args.computeIfAbsent(key, k -> new TreeSet<>()).add(value);
        return this;
    }

    public Filters remove(String key, String value) {
        TreeSet<String> values = args.get(key);
        if (values != null) {
            values.remove(value);
            if (values.isEmpty()) {
                args.remove(key);
            }
        }
        return this;
    }

    public boolean contains(String key) {
        return args.containsKey(key);
    }

    public Set<String> get(String key) {
        return args.containsKey(key) ? Set.copyOf(args.get(key)) : Set.of();
    }

    public boolean isEmpty() {
        return args.isEmpty();
    }

    public Filters copy() {
        Filters f = new Filters();
        args.forEach((k, v) -> v.forEach(x -> f.add(k, x)));
        return f;
    }

    /**
     * Parses one {@code -f/--filter} value as docker's {@code FilterOpt}: {@code name=value}, the
     * name lowercased and both sides trimmed.
     */
    public Filters parseFlag(String value) {
        if (value.isEmpty()) {
            return this;
        }
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("bad format of filter (expected name=value)");
        }
        return add(value.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT), value.substring(eq + 1).trim());
    }

    /** The filters of repeated {@code -f/--filter} flags. */
    public static Filters fromFlags(java.util.List<String> values) {
        Filters f = new Filters();
        if (values != null) {
            values.forEach(f::parseFlag);
        }
        return f;
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        boolean firstKey = true;
        for (Map.Entry<String, TreeSet<String>> e : args.entrySet()) {
            if (!firstKey) {
                sb.append(',');
            }
            firstKey = false;
            io.shoal.cli.format.GoJson.string(sb, e.getKey());
            sb.append(":{");
            boolean first = true;
            for (String v : e.getValue()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                io.shoal.cli.format.GoJson.string(sb, v);
                sb.append(":true");
            }
            sb.append('}');
        }
        return sb.append('}').toString();
    }
}
