package io.shoal.rpc;

import io.shoal.api.Cluster;
import io.shoal.api.Ids;
import io.shoal.api.Node;
import io.shoal.api.Reachability;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.api.time.Clock;
import io.shoal.manager.Component;
import io.shoal.manager.Manager;
import io.shoal.manager.ManagerConfig;
import io.shoal.manager.ca.ClusterBootstrap;
import io.shoal.manager.ca.InitRequest;
import io.shoal.manager.dispatcher.DispatcherConfig;
import io.shoal.manager.dispatcher.NodeDispatcher;
import io.shoal.rpc.ca.NodeEnrollment;
import io.shoal.rpc.server.ClusterRpcServer;
import io.shoal.rpc.tls.ReloadableIdentity;
import io.shoal.rpc.tls.TlsIdentity;
import io.shoal.store.MemoryStore;
import io.shoal.store.ReadTx;
import io.shoal.store.Table;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The manager side of the tests, wired as the daemon will wire it: a store holding a freshly
 * initialised swarm, the CA's enrollment, a dispatcher (a bare NodeDispatcher, or a whole
 * Manager) and the cluster port on 127.0.0.1 with a free port.
 */
public final class TestManager implements AutoCloseable {
    public final Clock clock;
    public final MemoryStore store;
    public final ClusterBootstrap.Bootstrap boot;
    public final ReloadableIdentity identity;
    public final NodeEnrollment enrollment;
    public final NodeDispatcher dispatcher;
    public final Manager manager;
    public final ClusterRpcServer server;
    /** Tests switch this off to play a manager that does not lead. */
    public final AtomicBoolean leading = new AtomicBoolean(true);

    private TestManager(Clock clock, Cluster.SwarmSpec spec, boolean wholeManager, DispatcherConfig dispatcherConfig) {
        this.clock = clock;
        this.store = MemoryStore.local(clock);
        InitRequest init = new InitRequest(null, null, null, null, false, spec, false, "drain", null, null);
        this.boot = ClusterBootstrap.init(init, Ids.newId(),
                new Node.Description("manager-1", new Node.Platform("x86_64", "linux"),
                        new Node.Resources(2_000_000_000L, 4L << 30), null, null),
                "127.0.0.1:2377", clock);
        store.write(tx -> {
            tx.create(Table.CLUSTERS, boot.cluster());
            tx.create(Table.NODES, boot.node());
        });
        this.identity = new ReloadableIdentity(TlsIdentity.of(boot.certificate(), boot.cluster().rootCa().caCert()));
        this.enrollment = new NodeEnrollment(store, clock, NodeEnrollment.rootCaOf(store, clock));
        Supplier<Dispatcher> dispatchers;
        if (wholeManager) {
            this.manager = new Manager(store, clock, new ManagerConfig(dispatcherConfig));
            this.dispatcher = manager.dispatcher();
            dispatchers = () -> leading.get() && manager.isRunning() ? manager.dispatcher() : null;
        } else {
            this.manager = null;
            this.dispatcher = new NodeDispatcher(store, clock, dispatcherConfig);
            dispatchers = () -> leading.get() ? dispatcher : null;
        }
        this.server = new ClusterRpcServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), identity, store,
                clock, dispatchers, enrollment);
    }

    /** With a bare dispatcher (no orchestration), heartbeat jitter off. */
    public static TestManager withDispatcher(Clock clock, Cluster.SwarmSpec spec) {
        return new TestManager(clock, spec, false, DispatcherConfig.defaults().withHeartbeatJitter(Duration.ZERO))
                .start();
    }

    /** With the whole manager (orchestrators, scheduler, dispatcher). */
    public static TestManager withManager(Clock clock, Cluster.SwarmSpec spec) {
        return new TestManager(clock, spec, true, DispatcherConfig.defaults().withHeartbeatJitter(Duration.ZERO))
                .start();
    }

    private TestManager start() {
        Component loops = manager != null ? manager : dispatcher;
        loops.start();
        server.start();
        // The manager's address as nodes should see it, now that the port is known.
        String addr = addr();
        store.write(tx -> tx.get(Table.NODES, boot.node().id()).ifPresent(n ->
                tx.update(Table.NODES, n.withManagerStatus(new Node.ManagerStatus(true, Reachability.REACHABLE, addr)))));
        return this;
    }

    public String addr() {
        return "127.0.0.1:" + server.port();
    }

    public Cluster cluster() {
        return store.view(ReadTx::cluster).orElseThrow();
    }

    public String workerToken() {
        return cluster().joinTokens().worker();
    }

    public String managerToken() {
        return cluster().joinTokens().manager();
    }

    public Node node(String id) {
        return store.view(tx -> tx.get(Table.NODES, id)).orElse(null);
    }

    /** A spec with a short certificate lifetime (the minimum, 1 h) and the given heartbeat period. */
    public static Cluster.SwarmSpec spec(Duration heartbeat, Duration certExpiry) {
        return new Cluster.SwarmSpec(null, null, null, null, new Cluster.DispatcherConfig(heartbeat.toNanos()),
                new Cluster.CaConfig(certExpiry.toNanos(), null, null, null, null), null, null);
    }

    @Override
    public void close() {
        server.stop();
        if (manager != null) {
            manager.stop();
        } else {
            dispatcher.stop();
        }
    }
}
