package io.shoal.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.api.Json;
import io.shoal.cli.CliException;
import io.shoal.cli.format.GoJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The Docker Engine API calls the swarm, node and service commands make, with the same paths,
 * query parameters and bodies as the docker 28.x client. Answers are JSON trees: the CLI shows
 * what the daemon sent and sends back specs it did not change whole.
 */
public final class EngineApi {
    private final DaemonClient client;

    public EngineApi(DaemonClient client) {
        this.client = Objects.requireNonNull(client, "client is null");
    }

    public DaemonClient client() {
        return client;
    }

    // --- system

    public JsonNode version() {
        return get("/version", Query.of());
    }

    public JsonNode info() {
        return get("/info", Query.of());
    }

    // --- swarm

    /** {@code POST /swarm/init}; the answer is the new node's ID as a JSON string. */
    public String swarmInit(ObjectNode request) {
        return post("/swarm/init", Query.of(), request).asText();
    }

    public void swarmJoin(ObjectNode request) {
        call("POST", "/swarm/join", Query.of(), request);
    }

    public void swarmLeave(boolean force) {
        call("POST", "/swarm/leave", Query.of().setIf(force, "force", "1"), null);
    }

    public JsonNode swarmInspect() {
        return get("/swarm", Query.of());
    }

    public void swarmUpdate(long version, JsonNode spec, boolean rotateWorkerToken, boolean rotateManagerToken,
            boolean rotateManagerUnlockKey) {
        call("POST", "/swarm/update", Query.of()
                .set("version", Long.toUnsignedString(version))
                .set("rotateWorkerToken", Boolean.toString(rotateWorkerToken))
                .set("rotateManagerToken", Boolean.toString(rotateManagerToken))
                .set("rotateManagerUnlockKey", Boolean.toString(rotateManagerUnlockKey)), spec);
    }

    public String swarmUnlockKey() {
        JsonNode r = get("/swarm/unlockkey", Query.of());
        return r.path("UnlockKey").asText("");
    }

    public void swarmUnlock(String key) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("UnlockKey", key);
        call("POST", "/swarm/unlock", Query.of(), body);
    }

    // --- nodes

    public List<JsonNode> nodeList(Filters filters) {
        return list("/nodes", Query.of().setIf(!filters.isEmpty(), "filters", filters.toJson()));
    }

    public JsonNode nodeInspect(String id) {
        return get("/nodes/" + segment("node", id), Query.of());
    }

    public void nodeUpdate(String id, long version, JsonNode spec) {
        call("POST", "/nodes/" + segment("node", id) + "/update",
                Query.of().set("version", Long.toUnsignedString(version)), spec);
    }

    public void nodeRemove(String id, boolean force) {
        call("DELETE", "/nodes/" + segment("node", id), Query.of().setIf(force, "force", "1"), null);
    }

    // --- services

    /** {@code POST /services/create}: {@code {"ID":..,"Warnings":..}}. */
    public JsonNode serviceCreate(JsonNode spec) {
        return post("/services/create", Query.of(), spec);
    }

    public JsonNode serviceInspect(String id, boolean insertDefaults) {
        return get("/services/" + segment("service", id),
                Query.of().set("insertDefaults", Boolean.toString(insertDefaults)));
    }

    public List<JsonNode> serviceList(Filters filters, boolean status) {
        return list("/services", Query.of()
                .setIf(!filters.isEmpty(), "filters", filters.toJson())
                .setIf(status, "status", "true"));
    }

    /**
     * {@code POST /services/{id}/update}. {@code registryAuthFrom} and {@code rollback} are left
     * out when null, as the docker client leaves them out.
     */
    public JsonNode serviceUpdate(String id, long version, JsonNode spec, String registryAuthFrom, String rollback) {
        return post("/services/" + segment("service", id) + "/update", Query.of()
                .setIf(registryAuthFrom != null, "registryAuthFrom", registryAuthFrom)
                .setIf(rollback != null, "rollback", rollback)
                .set("version", Long.toUnsignedString(version)), spec);
    }

    public void serviceRemove(String id) {
        call("DELETE", "/services/" + segment("service", id), Query.of(), null);
    }

    public DaemonClient.Stream serviceLogs(String id, Query query) {
        return client.stream("GET", "/services/" + segment("service", id) + "/logs", query);
    }

    public DaemonClient.Stream taskLogs(String id, Query query) {
        return client.stream("GET", "/tasks/" + segment("task", id) + "/logs", query);
    }

    // --- tasks

    public List<JsonNode> taskList(Filters filters) {
        return list("/tasks", Query.of().setIf(!filters.isEmpty(), "filters", filters.toJson()));
    }

    public JsonNode taskInspect(String id) {
        return get("/tasks/" + segment("task", id), Query.of());
    }

    // --- lookups used by service create/update

    public JsonNode networkInspect(String id, String scope) {
        return get("/networks/" + segment("network", id), Query.of().setIf(scope != null, "scope", scope));
    }

    public List<JsonNode> secretList(Filters filters) {
        return list("/secrets", Query.of().setIf(!filters.isEmpty(), "filters", filters.toJson()));
    }

    public List<JsonNode> configList(Filters filters) {
        return list("/configs", Query.of().setIf(!filters.isEmpty(), "filters", filters.toJson()));
    }

    // --- plumbing

    private JsonNode get(String path, Query query) {
        return call("GET", path, query, null);
    }

    private JsonNode post(String path, Query query, JsonNode body) {
        return call("POST", path, query, body);
    }

    private List<JsonNode> list(String path, Query query) {
        JsonNode r = get(path, query);
        if (r == null || r.isNull() || r.isMissingNode()) {
            return List.of();
        }
        if (!r.isArray()) {
            throw new CliException("unexpected answer from daemon for " + path + ": not a list");
        }
        java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
        r.forEach(out::add);
        return out;
    }

    private JsonNode call(String method, String path, Query query, JsonNode body) {
        // Go's json.Encoder ends the body with a newline; so does this, byte for byte
        byte[] bytes = body == null ? null : (GoJson.compact(body) + "\n").getBytes(StandardCharsets.UTF_8);
        DaemonClient.HttpResult r = client.call(method, path, query, bytes);
        if (r.body().length == 0) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            return Json.mapper().readTree(r.body());
        } catch (IOException e) {
            if (method.equals("GET") || path.endsWith("/create") || path.endsWith("/update")
                    || path.endsWith("/init")) {
                throw new CliException("error decoding the daemon's answer: " + e.getMessage(), e);
            }
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    /** docker's {@code trimID}: the user's text goes into the path, escaped, and must not be empty. */
    private static String segment(String kind, String id) {
        String trimmed = id == null ? "" : id.strip();
        if (trimmed.isEmpty()) {
            throw new CliException("invalid " + kind + " name or ID: value is empty");
        }
        return Query.escape(trimmed, true);
    }
}
