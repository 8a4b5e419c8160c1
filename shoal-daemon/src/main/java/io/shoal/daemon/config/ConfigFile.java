package io.shoal.daemon.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.api.Json;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads {@code --config FILE}: a JSON object or a Java properties file with the same keys as the
 * flags ({@code "data-dir": "/srv/shoal"}, {@code host=unix:///run/shoal.sock,tcp://127.0.0.1:2375}).
 * Several hosts are a JSON array or a comma-separated property.
 */
public final class ConfigFile {
    private ConfigFile() {}

    public static Map<String, List<String>> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    static Map<String, List<String>> parse(String text, String name) {
        String trimmed = text.strip();
        return trimmed.startsWith("{") ? parseJson(trimmed, name) : parseProperties(text, name);
    }

    private static Map<String, List<String>> parseJson(String text, String name) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("config file " + name + " is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(scalar(v, e.getKey(), name)));
            } else if (!e.getValue().isNull()) {
                values.add(scalar(e.getValue(), e.getKey(), name));
            }
            out.put(e.getKey(), values);
        }
        return out;
    }

    private static String scalar(JsonNode v, String key, String name) {
        if (v.isContainerNode()) {
            throw new IllegalArgumentException("config file " + name + ": '" + key + "' must be a string");
        }
        return v.asText();
    }

    private static Map<String, List<String>> parseProperties(String text, String name) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("config file " + name + " is not a valid properties file: " + e.getMessage(), e);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            List<String> values = new ArrayList<>();
            for (String v : p.getProperty(key).split(",")) {
                if (!v.isBlank()) {
                    values.add(v.trim());
                }
            }
            out.put(key, values);
        }
        return out;
    }
}
