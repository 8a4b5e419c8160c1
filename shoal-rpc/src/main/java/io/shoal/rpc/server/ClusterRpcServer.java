package io.shoal.rpc.server;

import static java.util.Objects.requireNonNull;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.shoal.api.ShoalException;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.api.time.Clock;
import io.shoal.rpc.ca.NodeEnrollment;
import io.shoal.rpc.proto.CAGrpc;
import io.shoal.rpc.proto.DispatcherGrpc;
import io.shoal.rpc.tls.ReloadableIdentity;
import io.shoal.rpc.tls.TlsContexts;
import io.shoal.store.MemoryStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A manager's cluster port (2377 by default): the CA, Dispatcher and ManagerControl gRPC
 * services over TLS 1.3, presenting the manager's own node certificate. There is no plaintext
 * port. Every call passes the {@link Authorizer}: the CA's join calls are open to anyone, the
 * dispatcher's need a worker or manager certificate of this cluster, ManagerControl a manager's.
 * <p>
 * Dispatcher calls go to {@code dispatcher.get()}, the leader's dispatcher; while it returns null
 * (this manager does not lead) they fail with UNAVAILABLE and the node tries another manager. The
 * TLS identity is read at every handshake, so a renewed certificate needs no restart.
 */
public final class ClusterRpcServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterRpcServer.class);
    private static final long SHUTDOWN_GRACE_SECONDS = 5;
    /** How soon nodes hear that a manager joined, left or moved (SwarmKit pushes such changes too). */
    public static final java.time.Duration MANAGER_ANNOUNCE_PERIOD = java.time.Duration.ofSeconds(2);

    private final InetSocketAddress listen;
    private final ReloadableIdentity identity;
    private final MemoryStore store;
    private final Clock clock;
    private final Supplier<Dispatcher> dispatcher;
    private final NodeEnrollment enrollment;
    private final RaftControl raft;
    private final LocalApi api;

    // guarded by this
    private Server server;
    private ExecutorService executor;
    private DispatcherService dispatcherService;
    private Clock.Cancellable managerAnnouncer;

    /**
     * @param listen where to listen, e.g. {@code 0.0.0.0:2377}; port 0 picks a free port
     * @param identity this manager's certificate, key and root CA
     * @param store this manager's replica of the store (nodes are looked up on every call)
     * @param clock the time certificates are checked against
     * @param dispatcher the leader's dispatcher, or null while this manager does not lead
     * @param enrollment the CA's join and renewal logic
     */
    public ClusterRpcServer(InetSocketAddress listen, ReloadableIdentity identity, MemoryStore store, Clock clock,
                            Supplier<Dispatcher> dispatcher, NodeEnrollment enrollment) {
        this(listen, identity, store, clock, dispatcher, enrollment, RaftControl.NONE, LocalApi.NONE);
    }

    /**
     * @param raft lets other managers join this manager's Raft group (through the leader)
     * @param api this manager's Docker API, for the write requests followers forward
     */
    public ClusterRpcServer(InetSocketAddress listen, ReloadableIdentity identity, MemoryStore store, Clock clock,
                            Supplier<Dispatcher> dispatcher, NodeEnrollment enrollment, RaftControl raft,
                            LocalApi api) {
        this.raft = requireNonNull(raft, "raft is null");
        this.api = requireNonNull(api, "api is null");
        this.listen = requireNonNull(listen, "listen is null");
        this.identity = requireNonNull(identity, "identity is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        this.enrollment = requireNonNull(enrollment, "enrollment is null");
    }

    /** Binds and starts serving. Idempotent; fails with Unavailable if the address cannot be bound. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        ManagerDirectory managers = new ManagerDirectory(store);
        DispatcherService ds = new DispatcherService(dispatcher, managers, () -> identity.current().rootCaPem());
        Map<String, Access> access = new HashMap<>();
        access.put(CAGrpc.getGetRootCACertificateMethod().getFullMethodName(), Access.ANONYMOUS);
        access.put(CAGrpc.getIssueNodeCertificateMethod().getFullMethodName(), Access.ANONYMOUS);
        access.put(CAGrpc.getNodeRoleMethod().getFullMethodName(), Access.NODE);
        access.put(CAGrpc.getTrustStatusMethod().getFullMethodName(), Access.NODE);
        for (var m : DispatcherGrpc.getServiceDescriptor().getMethods()) {
            access.put(m.getFullMethodName(), Access.NODE);
        }
        // ManagerControl is not listed: what is not listed is manager-only.
        Authorizer authorizer = new Authorizer(access, identity, store, clock);
        ExecutorService ex = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("shoal-rpc-", 0).factory());
        Server s = NettyServerBuilder.forAddress(listen)
                .sslContext(TlsContexts.server(identity))
                .executor(ex)
                .addService(ServerInterceptors.intercept(new CaService(enrollment), authorizer))
                .addService(ServerInterceptors.intercept(ds, authorizer))
                .addService(ServerInterceptors.intercept(
                        new ManagerControlService(() -> identity.current().nodeId(), dispatcher, managers, raft, api),
                        authorizer))
                .build();
        try {
            s.start();
        } catch (IOException e) {
            ex.shutdownNow();
            throw new ShoalException.Unavailable("cannot listen on " + listen + ": " + e.getMessage(), e);
        }
        server = s;
        executor = ex;
        dispatcherService = ds;
        announceManagers(ds);
        log.info("cluster port listening on {}", address());
    }

    /** Checks every {@link #MANAGER_ANNOUNCE_PERIOD} whether sessions must hear of changed managers. */
    private void announceManagers(DispatcherService ds) {
        synchronized (this) {
            if (dispatcherService != ds) {
                return; // stopped (or restarted) meanwhile
            }
            managerAnnouncer = clock.schedule(MANAGER_ANNOUNCE_PERIOD, () -> {
                try {
                    ds.announceManagersIfChanged();
                } catch (RuntimeException e) {
                    log.warn("cannot tell the nodes about the managers: {}", e.toString());
                }
                announceManagers(ds);
            });
        }
    }

    /** The bound address (the chosen port when started with port 0). */
    public synchronized InetSocketAddress address() {
        if (server == null) {
            throw new IllegalStateException("the cluster port is not started");
        }
        return new InetSocketAddress(listen.getAddress(), server.getPort());
    }

    public int port() {
        return address().getPort();
    }

    /** Ends every session (nodes reconnect elsewhere) and stops listening. Idempotent. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        if (managerAnnouncer != null) {
            managerAnnouncer.cancel();
        }
        dispatcherService.closeAll("the manager is shutting down");
        server.shutdown();
        try {
            if (!server.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
            server = null;
            executor = null;
            dispatcherService = null;
            log.info("cluster port closed");
        }
    }

    @Override
    public void close() {
        stop();
    }
}
