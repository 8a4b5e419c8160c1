package io.shoal.rpc;

import io.shoal.agent.Agent;
import io.shoal.agent.exec.sim.SimExecutor;
import io.shoal.api.Node;
import io.shoal.api.time.Clock;
import io.shoal.manager.ca.CertificateFiles;
import io.shoal.rpc.client.CertificateRenewer;
import io.shoal.rpc.client.JoinClient;
import io.shoal.rpc.client.Joined;
import io.shoal.rpc.client.ManagerConnection;
import io.shoal.rpc.client.RemoteDispatcher;
import io.shoal.rpc.tls.ReloadableIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A worker wired the way the daemon's worker mode is meant to be: join, keep the certificate on
 * disk, connect with mutual TLS, renew in the background, and run a real agent (sim executor)
 * against the remote dispatcher.
 */
final class WorkerNode implements AutoCloseable {
    final Joined joined;
    final ReloadableIdentity identity;
    final ManagerConnection connection;
    final RemoteDispatcher dispatcher;
    final CertificateRenewer renewer;
    final Agent agent;

    WorkerNode(String hostname, String token, List<String> managers, Path certDir, Clock clock) {
        joined = new JoinClient(clock, Duration.ofSeconds(30), 1, Duration.ZERO).join(token, managers, null);
        CertificateFiles.write(certDir, joined.certificate(), joined.rootCaPem());
        identity = new ReloadableIdentity(joined.identity());
        connection = new ManagerConnection(managers, identity, clock);
        dispatcher = new RemoteDispatcher(connection);
        renewer = new CertificateRenewer(identity, connection, certDir, clock);
        renewer.start();
        agent = new Agent(joined.nodeId(), () -> dispatcher,
                new SimExecutor(hostname, new Node.Resources(2_000_000_000L, 2L << 30), clock, null), clock, null,
                "127.0.0.1");
        agent.start();
    }

    String nodeId() {
        return joined.nodeId();
    }

    @Override
    public void close() {
        agent.close();
        renewer.close();
        dispatcher.close();
        connection.close();
    }
}
