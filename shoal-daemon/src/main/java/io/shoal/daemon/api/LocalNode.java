package io.shoal.daemon.api;

import static java.util.Objects.requireNonNull;

import io.shoal.api.LocalNodeState;

/**
 * This node's standing in a swarm, as {@code /info} and the {@code Swarm} header show it.
 *
 * @param nodeId empty when not in a swarm
 * @param nodeAddr the address other nodes reach this one at (no port); empty when not in a swarm
 * @param controlAvailable true on a manager
 * @param error what went wrong when the state is {@code error}; empty otherwise
 */
public record LocalNode(LocalNodeState state, String nodeId, String nodeAddr, boolean controlAvailable, String error) {
    public static final LocalNode INACTIVE = new LocalNode(LocalNodeState.INACTIVE, "", "", false, "");

    public LocalNode {
        requireNonNull(state, "state is null");
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(nodeAddr, "nodeAddr is null");
        requireNonNull(error, "error is null");
    }

    /** The {@code Swarm} response header: inactive, pending, error, locked, active/worker or active/manager. */
    public String swarmHeader() {
        if (state == LocalNodeState.ACTIVE) {
            return controlAvailable ? "active/manager" : "active/worker";
        }
        return state.wire();
    }
}
