package io.shoal.cli.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.CliException;
import io.shoal.cli.http.EngineApi;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Turns node and service IDs into names for task lists and log prefixes, one lookup per ID
 * ({@code GET /nodes/<id>}, {@code GET /services/<id>}); a failed lookup shows the ID.
 */
public final class IdResolver {
    private final EngineApi api;
    private final boolean noResolve;
    private final Map<String, String> nodes = new HashMap<>();
    private final Map<String, String> services = new HashMap<>();

    public IdResolver(EngineApi api, boolean noResolve) {
        this.api = Objects.requireNonNull(api, "api is null");
        this.noResolve = noResolve;
    }

    /** The node's {@code Spec.Name}, else its hostname, else the ID. */
    public String node(String id) {
        if (noResolve) {
            return id;
        }
        return nodes.computeIfAbsent(id, k -> {
            try {
                JsonNode n = api.nodeInspect(k);
                String name = n.path("Spec").path("Name").asText("");
                if (!name.isEmpty()) {
                    return name;
                }
                String hostname = n.path("Description").path("Hostname").asText("");
                return hostname.isEmpty() ? k : hostname;
            } catch (CliException e) {
                return k;
            }
        });
    }

    /** The service's name (docker takes {@code Spec.Name} even when empty), else the ID. */
    public String service(String id) {
        if (noResolve) {
            return id;
        }
        return services.computeIfAbsent(id, k -> {
            try {
                return api.serviceInspect(k, false).path("Spec").path("Name").asText("");
            } catch (CliException e) {
                return k;
            }
        });
    }
}
