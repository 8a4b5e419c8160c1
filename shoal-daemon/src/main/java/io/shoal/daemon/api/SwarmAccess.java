package io.shoal.daemon.api;

import io.shoal.manager.ca.InitRequest;

/** What the API server asks of this node's swarm membership. */
public interface SwarmAccess {
    /** This node's state; cheap, never fails (asked for every response header and /info). */
    LocalNode local();

    /** {@code host:port} of the managers this node knows (for a worker's /info); empty outside a swarm. */
    default java.util.List<String> remoteManagers() {
        return java.util.List.of();
    }

    /** The manager side; 503 with dockerd's words when this node is not (yet) a manager. */
    ManagerAccess manager();

    /** {@code swarm init}: returns the new node ID; 503 when already in a swarm. */
    String init(InitRequest request);

    /** {@code swarm join}: returns once joined. */
    void join(SwarmJoinRequest request);

    /**
     * {@code swarm unlock}: starts a locked manager with its unlock key. False if the key does not
     * open it (it stays locked); Conflict "swarm is not locked" if it is not.
     */
    default boolean unlock(String key) {
        throw new io.shoal.api.ShoalException.Conflict("swarm is not locked");
    }

    /** {@code swarm leave}: a manager needs {@code force}. */
    void leave(boolean force);
}
