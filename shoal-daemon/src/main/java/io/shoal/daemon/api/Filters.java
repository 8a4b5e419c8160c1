package io.shoal.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.api.Json;
import io.shoal.api.ShoalException;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} query parameter: {@code {"key":{"value":true}}} or the legacy
 * {@code {"key":["value"]}}. Values under one key are OR-ed, keys are AND-ed.
 */
public record Filters(Map<String, Set<String>> args) {
    public static final Filters NONE = new Filters(Map.of());

    public Filters {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        args.forEach((k, v) -> copy.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
        args = Collections.unmodifiableMap(copy);
    }

    /** Parses the parameter; null or empty means no filter. Bad JSON is dockerd's 400 "invalid filter". */
    public static Filters parse(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new ShoalException.InvalidArgument("invalid filter");
        }
        if (root == null || !root.isObject()) {
            throw new ShoalException.InvalidArgument("invalid filter");
        }
        Map<String, Set<String>> args = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            Set<String> values = new LinkedHashSet<>();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                v.fieldNames().forEachRemaining(values::add);
            } else if (v.isArray()) {
                for (JsonNode item : v) {
                    if (!item.isValueNode()) {
                        throw new ShoalException.InvalidArgument("invalid filter");
                    }
                    values.add(item.asText());
                }
            } else if (!v.isNull()) {
                throw new ShoalException.InvalidArgument("invalid filter");
            }
            args.put(e.getKey(), values);
        }
        return new Filters(args);
    }

    /** Rejects a key outside {@code accepted} with dockerd's 400 "invalid filter 'key'". */
    public Filters validate(Set<String> accepted) {
        for (String k : args.keySet()) {
            if (!accepted.contains(k)) {
                throw new ShoalException.InvalidArgument("invalid filter '" + k + "'");
            }
        }
        return this;
    }

    public boolean has(String key) {
        Set<String> v = args.get(key);
        return v != null && !v.isEmpty();
    }

    public Set<String> get(String key) {
        return args.getOrDefault(key, Set.of());
    }

    /** True when the key is absent, or one of its values is a prefix of {@code value}. */
    public boolean matchesPrefix(String key, String value) {
        if (!has(key)) {
            return true;
        }
        if (value == null) {
            return false;
        }
        for (String p : get(key)) {
            if (value.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** True when the key is absent, or one of its values equals {@code value}. */
    public boolean matchesExactly(String key, String value) {
        return !has(key) || (value != null && get(key).contains(value));
    }

    /**
     * Label matching: every value under {@code key} must hold ({@code k} present, {@code k=v} equal),
     * as in dockerd, where the label filters become one map all of whose entries must match.
     */
    public boolean matchesLabels(String key, Map<String, String> labels) {
        if (!has(key)) {
            return true;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (String want : get(key)) {
            int eq = want.indexOf('=');
            if (eq < 0) {
                if (!l.containsKey(want)) {
                    return false;
                }
            } else if (!want.substring(eq + 1).equals(l.get(want.substring(0, eq)))) {
                return false;
            }
        }
        return true;
    }
}
