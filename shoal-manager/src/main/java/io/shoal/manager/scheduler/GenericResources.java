package io.shoal.manager.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Docker's generic resources ({@code [{"DiscreteResourceSpec":{"Kind":"gpu","Value":2}},
 * {"NamedResourceSpec":{"Kind":"gpu","Value":"GPU-7"}}]}) as amounts by kind: a discrete entry
 * counts its value, a named one counts one.
 */
final class GenericResources {
    private GenericResources() {}

    static Map<String, Long> amounts(JsonNode list) {
        Map<String, Long> out = new TreeMap<>();
        if (list == null || !list.isArray()) {
            return out;
        }
        for (JsonNode r : list) {
            JsonNode discrete = r.get("DiscreteResourceSpec");
            JsonNode named = r.get("NamedResourceSpec");
            if (discrete != null && discrete.hasNonNull("Kind")) {
                out.merge(discrete.get("Kind").asText(), discrete.path("Value").asLong(0), Long::sum);
            } else if (named != null && named.hasNonNull("Kind")) {
                out.merge(named.get("Kind").asText(), 1L, Long::sum);
            }
        }
        out.values().removeIf(v -> v <= 0);
        return out;
    }
}
