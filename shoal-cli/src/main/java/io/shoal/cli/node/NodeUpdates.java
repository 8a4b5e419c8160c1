package io.shoal.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.CliException;
import io.shoal.cli.format.JsonTrees;
import io.shoal.cli.http.EngineApi;
import java.util.List;
import java.util.function.Consumer;

/**
 * docker's {@code updateNodes}: per node {@code GET /nodes/X}, edit the spec, then
 * {@code POST /nodes/<ID>/update?version=N}; the first failure stops.
 */
final class NodeUpdates {
    /** Returned by an edit that finds nothing to change: the node is skipped, without a POST. */
    static final class NoChange extends RuntimeException {
        NoChange() {
            super(null, null, false, false);
        }
    }

    interface Edit {
        /** Edits the spec of {@code node} in place; throws {@link NoChange} to skip the node. */
        void apply(JsonNode node, ObjectNode spec);
    }

    private NodeUpdates() {}

    static void update(EngineApi api, List<String> refs, Edit edit, Consumer<String> success) {
        for (String ref : refs) {
            JsonNode node = api.nodeInspect(ref);
            ObjectNode spec = node.path("Spec") instanceof ObjectNode s ? s : JsonTrees.object();
            try {
                edit.apply(node, spec);
            } catch (NoChange e) {
                continue;
            }
            api.nodeUpdate(node.path("ID").asText(ref), node.path("Version").path("Index").asLong(0), spec);
            success.accept(ref);
        }
    }

    /** docker's merge for {@code node update}: role, availability, then labels (always present after). */
    static Edit merge(String role, String availability, List<String> labelAdd, List<String> labelRm) {
        return (node, spec) -> {
            if (role != null) {
                spec.put("Role", role);
            }
            if (availability != null) {
                spec.put("Availability", availability);
            }
            ObjectNode labels = JsonTrees.child(spec, "Labels");
            if (labelAdd != null) {
                for (String kv : labelAdd) {
                    int eq = kv.indexOf('=');
                    labels.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
                }
            }
            if (labelRm != null) {
                for (String key : labelRm) {
                    if (!labels.has(key)) {
                        throw new CliException("key " + key + " doesn't exist in node's labels");
                    }
                    labels.remove(key);
                }
            }
        };
    }
}
