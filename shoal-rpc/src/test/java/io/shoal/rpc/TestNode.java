package io.shoal.rpc;

import io.shoal.api.time.Clock;
import io.shoal.rpc.client.JoinClient;
import io.shoal.rpc.client.Joined;
import io.shoal.rpc.client.ManagerConnection;
import io.shoal.rpc.client.RemoteDispatcher;
import io.shoal.rpc.tls.ReloadableIdentity;
import io.shoal.rpc.tls.TlsIdentity;
import java.time.Duration;
import java.util.List;

/** A node's side, wired as the daemon will wire a joining worker: join, then a connection and a dispatcher. */
public final class TestNode implements AutoCloseable {
    public final String nodeId;
    public final ReloadableIdentity identity;
    public final ManagerConnection connection;
    public final RemoteDispatcher dispatcher;

    public TestNode(TlsIdentity identity, List<String> managers, Clock clock) {
        this.nodeId = identity.nodeId();
        this.identity = new ReloadableIdentity(identity);
        this.connection = new ManagerConnection(managers, this.identity, clock);
        this.dispatcher = new RemoteDispatcher(connection);
    }

    public static Joined joinOnce(TestManager m, String token) {
        return new JoinClient(m.clock, Duration.ofSeconds(30), 1, Duration.ZERO).join(token, List.of(m.addr()), null);
    }

    public static TestNode join(TestManager m, String token) {
        return new TestNode(joinOnce(m, token).identity(), List.of(m.addr()), m.clock);
    }

    @Override
    public void close() {
        dispatcher.close();
        connection.close();
    }
}
