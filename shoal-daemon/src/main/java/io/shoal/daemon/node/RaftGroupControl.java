package io.shoal.daemon.node;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Node;
import io.shoal.api.NodeRole;
import io.shoal.api.Reachability;
import io.shoal.api.ShoalException;
import io.shoal.daemon.config.HostPort;
import io.shoal.rpc.server.RaftControl;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import io.shoal.store.raft.RaftNode;
import io.shoal.store.raft.RaftPeer;
import java.util.List;

/**
 * The leader's side of a manager joining the Raft group: the node must be a manager by its spec;
 * it is added as a member (the call returns once it caught up) and its ManagerStatus records where
 * nodes reach its cluster port.
 */
final class RaftGroupControl implements RaftControl {
    static final String NOT_LEADER = "this manager is not the raft leader";

    private final RaftNode raft;
    private final MemoryStore store;

    private final io.shoal.store.crypto.DataKey dataKey;

    RaftGroupControl(RaftNode raft, MemoryStore store, io.shoal.store.crypto.DataKey dataKey) {
        this.raft = requireNonNull(raft, "raft is null");
        this.store = requireNonNull(store, "store is null");
        this.dataKey = requireNonNull(dataKey, "dataKey is null");
    }

    /** Any member can answer: they all hold the key. The caller's certificate says manager; so must its spec. */
    @Override
    public byte[] dataKey(String nodeId) {
        Node node = store.view(tx -> tx.get(Table.NODES, nodeId))
                .orElseThrow(() -> new ShoalException.PermissionDenied("node " + nodeId + " was removed from the swarm"));
        if (node.spec() == null || node.spec().role() != NodeRole.MANAGER) {
            throw new ShoalException.PermissionDenied("node " + nodeId + " is not a manager");
        }
        return dataKey.bytes();
    }

    @Override
    public List<RaftPeer> members() {
        return raft.members();
    }

    @Override
    public List<RaftPeer> join(String nodeId, String raftAddr, String advertiseAddr) {
        if (!raft.isLeader()) {
            throw new ShoalException.Unavailable(NOT_LEADER);
        }
        Node node = store.view(tx -> tx.get(Table.NODES, nodeId))
                .orElseThrow(() -> new ShoalException.PermissionDenied("node " + nodeId + " was removed from the swarm"));
        if (node.spec() == null || node.spec().role() != NodeRole.MANAGER) {
            throw new ShoalException.PermissionDenied("node " + nodeId + " is not a manager");
        }
        HostPort addr;
        try {
            addr = HostPort.parse(raftAddr, "", HostPort.DEFAULT_RAFT_PORT);
        } catch (IllegalArgumentException e) {
            throw new ShoalException.InvalidArgument("invalid raft address " + raftAddr + ": " + e.getMessage());
        }
        raft.addMember(new RaftPeer(nodeId, addr.toSocketAddress()));
        store.write(tx -> tx.get(Table.NODES, nodeId).ifPresent(n -> tx.update(Table.NODES,
                n.withManagerStatus(new Node.ManagerStatus(false, Reachability.REACHABLE, advertiseAddr)))));
        return raft.members();
    }
}
