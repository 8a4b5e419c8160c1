package io.shoal.daemon.node;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.shoal.api.Json;
import io.shoal.api.NodeRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a node remembers of its swarm between runs ({@code <data-dir>/swarm/state.json}): who it is
 * and where it talks. The cluster itself lives in the Raft log next to it.
 *
 * @param advertiseAddr {@code host:port} other nodes reach this one's cluster port at
 * @param raftAddr {@code host:port} of this manager's Raft transport
 * @param managers {@code host:port} of the managers this node last heard of (a worker reconnects
 *     to them after a restart); empty on a file from before the field existed
 * @param raftPeers for a manager that joined an existing Raft group: members of that group as
 *     {@code id@host:port}, which a start without Raft state joins through (never bootstrapping a
 *     group of its own); empty for the manager that founded the swarm
 */
public record NodeState(
        @JsonProperty("NodeID") String nodeId,
        NodeRole role,
        String listenAddr,
        String advertiseAddr,
        String raftAddr,
        List<String> managers,
        List<String> raftPeers) {

    public static final String FILE = "state.json";

    /** A node that knows no other manager (yet). */
    public NodeState(String nodeId, NodeRole role, String listenAddr, String advertiseAddr, String raftAddr) {
        this(nodeId, role, listenAddr, advertiseAddr, raftAddr, List.of(), List.of());
    }

    public NodeState(String nodeId, NodeRole role, String listenAddr, String advertiseAddr, String raftAddr,
                     List<String> managers) {
        this(nodeId, role, listenAddr, advertiseAddr, raftAddr, managers, List.of());
    }

    public NodeState {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(role, "role is null");
        requireNonNull(listenAddr, "listenAddr is null");
        requireNonNull(advertiseAddr, "advertiseAddr is null");
        requireNonNull(raftAddr, "raftAddr is null");
        managers = managers == null ? List.of() : List.copyOf(managers);
        raftPeers = raftPeers == null ? List.of() : List.copyOf(raftPeers);
    }

    public NodeState withRaftPeers(List<String> peers) {
        return new NodeState(nodeId, role, listenAddr, advertiseAddr, raftAddr, managers, peers);
    }

    public NodeState withAdvertiseAddr(String addr) {
        return new NodeState(nodeId, role, listenAddr, addr, raftAddr, managers, raftPeers);
    }

    public NodeState withManagers(List<String> addrs) {
        return new NodeState(nodeId, role, listenAddr, advertiseAddr, raftAddr, addrs, raftPeers);
    }

    public NodeState withRole(NodeRole r) {
        return new NodeState(nodeId, r, listenAddr, advertiseAddr, raftAddr, managers, raftPeers);
    }

    public void save(Path swarmDir) {
        AtomicFiles.write(swarmDir.resolve(FILE), Json.write(this));
    }

    public static Optional<NodeState> load(Path swarmDir) {
        Path f = swarmDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(Files.readString(f), NodeState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }
}
