package io.shoal.daemon.node;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.shoal.api.Json;
import io.shoal.api.NodeRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a node remembers of its swarm between runs ({@code <data-dir>/swarm/state.json}): who it is
 * and where it talks. The cluster itself lives in the Raft log next to it.
 *
 * @param advertiseAddr {@code host:port} other nodes reach this one's cluster port at
 * @param raftAddr {@code host:port} of this manager's Raft transport
 */
public record NodeState(
        @JsonProperty("NodeID") String nodeId,
        NodeRole role,
        String listenAddr,
        String advertiseAddr,
        String raftAddr) {

    public static final String FILE = "state.json";

    public NodeState {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(role, "role is null");
        requireNonNull(listenAddr, "listenAddr is null");
        requireNonNull(advertiseAddr, "advertiseAddr is null");
        requireNonNull(raftAddr, "raftAddr is null");
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
