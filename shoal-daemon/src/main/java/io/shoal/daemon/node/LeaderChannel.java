package io.shoal.daemon.node;

import io.grpc.ManagedChannel;
import io.shoal.api.time.Clock;
import io.shoal.rpc.client.ManagerConnection;
import io.shoal.rpc.tls.ReloadableIdentity;
import java.util.List;
import java.util.Objects;

/**
 * A follower manager's connection to the current Raft leader's cluster port, kept open across
 * forwarded writes (a TLS handshake per write would dominate their latency) and replaced when the
 * leader moves.
 */
final class LeaderChannel implements AutoCloseable {
    private final ReloadableIdentity identity;
    private final Clock clock;
    private String addr;
    private ManagerConnection connection;
    private boolean closed;

    LeaderChannel(ReloadableIdentity identity, Clock clock) {
        this.identity = Objects.requireNonNull(identity);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The channel to the leader at {@code leaderAddr}, connecting (again) when the leader moved. */
    synchronized ManagedChannel to(String leaderAddr) {
        if (closed) {
            throw new IllegalStateException("this manager is leaving its membership");
        }
        if (!leaderAddr.equals(addr)) {
            close(connection);
            connection = new ManagerConnection(List.of(leaderAddr), identity, clock);
            addr = leaderAddr;
        }
        return connection.channel();
    }

    /** Drops the connection after it failed, so the next write connects afresh. */
    synchronized void reset() {
        close(connection);
        connection = null;
        addr = null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        reset();
    }

    private static void close(ManagerConnection c) {
        if (c != null) {
            c.close();
        }
    }
}
