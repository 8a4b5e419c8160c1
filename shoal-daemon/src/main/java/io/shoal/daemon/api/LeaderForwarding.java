package io.shoal.daemon.api;

import io.shoal.rpc.server.LocalApi;
import java.util.Map;
import java.util.Optional;

/**
 * Writes to swarm objects commit on the Raft leader; a follower manager's API hands them to the
 * leader's API over the cluster port (mutual TLS, manager certificates only) and answers with what
 * the leader answered. Reads are served from the follower's own replica.
 */
public interface LeaderForwarding {
    /** Marks a forwarded request, so that it is never forwarded again (the leader may have changed). */
    String FORWARDED_HEADER = "X-Shoal-Forwarded";
    /**
     * The leader's store index when it answered a forwarded request: the follower answers its client
     * once its own replica has applied that far, so a read after a write sees the write.
     */
    String INDEX_HEADER = "X-Shoal-Index";

    /** The leader's answer, or empty when this node serves the request itself (it leads, or is no manager). */
    Optional<LocalApi.Reply> forward(String method, String path, Map<String, String> headers, byte[] body);

    LeaderForwarding NONE = (method, path, headers, body) -> Optional.empty();

    /** POST, PUT and DELETE on swarm objects; init, join, leave and the engine's own objects stay local. */
    static boolean isSwarmWrite(String method, String pathWithoutVersion) {
        if (method.equals("GET") || method.equals("HEAD")) {
            return false;
        }
        String p = pathWithoutVersion;
        return p.equals("/swarm/update") || p.startsWith("/services/") || p.startsWith("/nodes/")
                || p.startsWith("/secrets/") || p.startsWith("/configs/");
    }
}
