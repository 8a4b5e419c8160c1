package io.shoal.daemon.node;

import io.shoal.agent.Agent;
import io.shoal.api.NodeRole;
import io.shoal.api.time.Clock;
import io.shoal.rpc.client.CertificateRenewer;
import io.shoal.rpc.client.ManagerConnection;
import io.shoal.rpc.client.RemoteDispatcher;
import io.shoal.rpc.tls.ReloadableIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running parts of one node's membership in a swarm, whatever its role: its TLS identity
 * (renewed in the background), a mutual-TLS connection to the managers, and the agent running its
 * tasks. A manager adds the Raft member, the store, the Manager and the cluster port.
 * <p>
 * The list of managers a node hears of is saved with its state, so that a restarted worker
 * reconnects without joining again.
 */
abstract sealed class Membership implements AutoCloseable permits ManagerMembership, WorkerMembership {
    private static final Logger log = LoggerFactory.getLogger(Membership.class);
    /** How often the manager list the node heard of is compared with the saved one. */
    static final Duration SAVE_MANAGERS_EVERY = Duration.ofSeconds(5);

    final Path swarmDir;
    final Clock clock;
    final ReloadableIdentity identity;
    final ManagerConnection connection;
    final RemoteDispatcher remote;
    final ObservedDispatcher observed;
    final CertificateRenewer renewer;
    private RootRotationFollower rotation; // guarded by this
    private java.util.concurrent.ExecutorService rotationWork; // guarded by this
    private volatile NodeState state;
    private Clock.Cancellable saver; // guarded by this
    private boolean closed; // guarded by this

    Membership(NodeState state, Path swarmDir, Clock clock, ReloadableIdentity identity, List<String> managers) {
        this.state = state;
        this.swarmDir = swarmDir;
        this.clock = clock;
        this.identity = identity;
        this.connection = new ManagerConnection(managers, identity, clock);
        this.remote = new RemoteDispatcher(connection);
        this.observed = new ObservedDispatcher(remote);
        this.renewer = new CertificateRenewer(identity, connection, certDir(swarmDir), clock);
    }

    static Path certDir(Path swarmDir) {
        return swarmDir.resolve("certificates");
    }

    NodeState state() {
        return state;
    }

    abstract Agent agent();

    NodeRole role() {
        return state.role();
    }

    /** Where the managers are, as this node last heard. */
    List<String> managerAddrs() {
        return connection.managers();
    }

    /** Starts renewal and the manager-list keeper (the subclass starts the rest). */
    void startCommon() {
        renewer.start();
        scheduleSave();
        synchronized (this) {
            rotationWork = java.util.concurrent.Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("shoal-root-rotation-", 0).factory());
            rotation = new RootRotationFollower(this::trustStatus, identity, renewer, why -> agent().redescribe(why),
                    clock, rotationWork);
            rotation.start();
        }
    }

    /** What the cluster wants this node to trust (root CA rotation): a worker asks a manager's CA. */
    io.shoal.rpc.ca.TrustStatus trustStatus() {
        return ManagerCalls.trustStatus(connection);
    }

    private synchronized void scheduleSave() {
        if (closed) {
            return;
        }
        saver = clock.schedule(SAVE_MANAGERS_EVERY, () -> {
            saveManagers();
            scheduleSave();
        });
    }

    /**
     * The managers as this node can see them itself, or empty if it cannot (a worker only hears of
     * them in its session). A manager reads them from its replica, so its agent finds a leader that
     * joined after its session opened.
     */
    List<String> managersSeenLocally() {
        return List.of();
    }

    private void saveManagers() {
        try {
            List<String> seen = managersSeenLocally();
            if (!seen.isEmpty()) {
                connection.updateManagers(seen);
            }
            List<String> now = connection.managers();
            NodeState s = state;
            if (!now.equals(s.managers())) {
                NodeState next = s.withManagers(now);
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    next.save(swarmDir);
                    state = next;
                }
                log.debug("managers now {}", now);
            }
        } catch (RuntimeException e) {
            log.warn("cannot save the manager list: {}", e.toString());
        }
    }

    /** Stops the common parts; subclasses stop theirs first. */
    void closeCommon() {
        synchronized (this) {
            closed = true;
            if (saver != null) {
                saver.cancel();
            }
            if (rotation != null) {
                rotation.stop();
                rotationWork.shutdown();
            }
        }
        quietly("stop certificate renewal", renewer::stop);
        quietly("close the dispatcher connection", remote::close);
        quietly("close the manager connection", connection::close);
    }

    /** Ends the session without closing it, so the managers see the node DOWN at once (leave). */
    void abandonSession() {
        quietly("abandon the session", remote::close);
    }

    static void quietly(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("cannot {}: {}", what, e.toString(), e);
        }
    }

    @Override
    public abstract void close();
}
