package io.shoal.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.CliException;
import io.shoal.cli.format.Csv;
import io.shoal.cli.format.JsonTrees;
import io.shoal.cli.http.EngineApi;
import io.shoal.cli.http.Filters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --secret} and {@code --config} references: {@code name} or
 * {@code source=name,target=file,uid=0,gid=0,mode=0444}, resolved to IDs by listing the
 * secrets (configs) of those names and matching names exactly, as docker does.
 */
public final class FileReferences {
    /** "secret" or "config": the JSON field and endpoint names differ only by this word. */
    public enum Kind {
        SECRET("Secret"), CONFIG("Config");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        String lower() {
            return word.toLowerCase(Locale.ROOT);
        }
    }

    private FileReferences() {}

    /** The reference without its ID: {@code {"File":{..},"<Kind>Name":..}}. */
    public static ObjectNode parse(Kind kind, String value) {
        List<String> fields = Csv.fields(value);
        String source = null;
        String target = null;
        String uid = "0";
        String gid = "0";
        long mode = 0444;
        if (fields.size() == 1 && !fields.get(0).contains("=")) {
            source = fields.get(0);
            target = fields.get(0);
        } else {
            for (String field : fields) {
                int eq = field.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("invalid field '" + field + "' must be a key=value pair");
                }
                String val = field.substring(eq + 1);
                switch (field.substring(0, eq).toLowerCase(Locale.ROOT)) {
                    case "source", "src" -> source = val;
                    case "target" -> target = val;
                    case "uid" -> uid = val;
                    case "gid" -> gid = val;
                    case "mode" -> {
                        try {
                            mode = io.shoal.cli.command.Converters.parseUnsigned(val);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("invalid mode specified: " + e.getMessage());
                        }
                    }
                    default -> throw new IllegalArgumentException("invalid field in " + kind.lower() + " request: "
                            + field.substring(0, eq).toLowerCase(Locale.ROOT));
                }
            }
            if (source == null || source.isEmpty()) {
                throw new IllegalArgumentException("source is required");
            }
            if (target == null || target.isEmpty()) {
                target = source;
            }
        }
        ObjectNode ref = JsonTrees.object();
        ObjectNode file = ref.putObject("File");
        file.put("Name", target);
        file.put("UID", uid);
        file.put("GID", gid);
        file.put("Mode", mode);
        ref.put(kind.word + "Name", source);
        return ref;
    }

    /**
     * Adds the IDs: one {@code GET /secrets?filters={"name":{..}}} (or configs) for all, then an
     * exact name match for each; two references to one target are refused.
     */
    public static List<ObjectNode> resolve(EngineApi api, Kind kind, List<ObjectNode> requested) {
        if (requested.isEmpty()) {
            return new ArrayList<>();
        }
        Map<String, ObjectNode> byTarget = new LinkedHashMap<>();
        Filters filters = Filters.of();
        for (ObjectNode r : requested) {
            String target = r.path("File").path("Name").asText("");
            String name = r.path(kind.word + "Name").asText("");
            if (byTarget.containsKey(target)) {
                throw new CliException("duplicate " + kind.lower() + " target for " + name + " not allowed");
            }
            byTarget.put(target, r.deepCopy());
            filters.add("name", name);
        }
        List<JsonNode> found = kind == Kind.SECRET ? api.secretList(filters) : api.configList(filters);
        Map<String, String> ids = new HashMap<>();
        for (JsonNode s : found) {
            ids.put(s.path("Spec").path("Name").asText(""), s.path("ID").asText(""));
        }
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode r : byTarget.values()) {
            String name = r.path(kind.word + "Name").asText("");
            String id = ids.get(name);
            if (id == null) {
                throw new CliException(kind.lower() + " not found: " + name);
            }
            ObjectNode withId = JsonTrees.object();
            withId.set("File", r.get("File"));
            withId.put(kind.word + "ID", id);
            withId.put(kind.word + "Name", name);
            out.add(withId);
        }
        return out;
    }
}
