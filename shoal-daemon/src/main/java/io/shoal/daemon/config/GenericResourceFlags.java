package io.shoal.daemon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * dockerd's {@code --node-generic-resource KIND=VALUE}: the resources a node advertises beyond CPUs
 * and memory (GPUs, say), which services ask for with {@code --generic-resource}. A whole-number
 * value is an amount ({@code gpu=2}); any other value names one unit ({@code gpu=GPU-7f2e}), and a
 * kind may be named several times. A kind is either counted or named, not both (as in SwarmKit).
 */
public final class GenericResourceFlags {
    private GenericResourceFlags() {}

    /** Docker's list form: {@code [{"DiscreteResourceSpec":{..}}, {"NamedResourceSpec":{..}}]}; null if none. */
    public static JsonNode parse(List<String> specs) {
        if (specs.isEmpty()) {
            return null;
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        Map<String, Boolean> discreteKinds = new HashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            String kind = eq < 0 ? "" : spec.substring(0, eq).trim();
            String value = eq < 0 ? "" : spec.substring(eq + 1).trim();
            if (kind.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException("invalid node-generic-resource '" + spec
                        + "': expected KIND=VALUE, e.g. gpu=2 or gpu=GPU-7f2e");
            }
            boolean discrete = value.chars().allMatch(Character::isDigit);
            Boolean before = discreteKinds.putIfAbsent(kind, discrete);
            if (before != null && (before || discrete)) {
                throw new IllegalArgumentException("invalid node-generic-resource '" + spec + "': " + kind
                        + (before && discrete ? " is counted twice" : " cannot be both counted and named"));
            }
            String key = discrete ? "DiscreteResourceSpec" : "NamedResourceSpec";
            var entry = out.addObject().putObject(key).put("Kind", kind);
            if (discrete) {
                long amount;
                try {
                    amount = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("invalid node-generic-resource '" + spec + "': amount too large");
                }
                entry.put("Value", amount);
            } else {
                entry.put("Value", value);
            }
        }
        return out;
    }
}
