package io.shoal.manager;

import static java.util.Objects.requireNonNull;

import io.shoal.api.time.Clock;
import io.shoal.manager.ca.RootRotationReconciler;
import io.shoal.manager.controlapi.ClusterApi;
import io.shoal.manager.controlapi.NodeApi;
import io.shoal.manager.controlapi.RaftMembership;
import io.shoal.manager.controlapi.ServiceApi;
import io.shoal.manager.dispatcher.NodeDispatcher;
import io.shoal.manager.orchestrator.Orchestration;
import io.shoal.store.MemoryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One manager's control plane over its replica of the store. The control API works on any
 * manager (writes go through the store's proposer, i.e. Raft); the loops (orchestration with the
 * allocator and scheduler, and the dispatcher) run only while this manager leads:
 * {@link #start()} on becoming leader, {@link #stop()} on losing leadership or shutting down.
 */
public final class Manager implements Component {
    private static final Logger log = LoggerFactory.getLogger(Manager.class);

    private final MemoryStore store;
    private final Clock clock;
    private final ServiceApi services;
    private final NodeApi nodes;
    private final ClusterApi cluster;
    private final NodeDispatcher dispatcher;
    private final RootRotationReconciler rootRotation;
    private volatile Orchestration orchestration; // written under this; non-null while running

    public Manager(MemoryStore store, Clock clock, ManagerConfig config) {
        this(store, clock, config, RaftMembership.fromNodes());
    }

    /** With the Raft group's own view of its members (the daemon's), for node demotion and removal. */
    public Manager(MemoryStore store, Clock clock, ManagerConfig config, RaftMembership membership) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        requireNonNull(config, "config is null");
        this.services = new ServiceApi(store, clock);
        this.nodes = new NodeApi(store, clock, membership);
        this.cluster = new ClusterApi(store, clock, config.minNodeCertExpiry());
        this.dispatcher = new NodeDispatcher(store, clock, config.dispatcher());
        this.rootRotation = new RootRotationReconciler(store, clock);
    }

    public ServiceApi services() {
        return services;
    }

    public NodeApi nodes() {
        return nodes;
    }

    public ClusterApi cluster() {
        return cluster;
    }

    /** The agents' entry point; calls fail with Unavailable while this manager is not running. */
    public NodeDispatcher dispatcher() {
        return dispatcher;
    }

    /** Not synchronized: safe to call from an agent's callback while {@link #stop()} waits for it. */
    public boolean isRunning() {
        return orchestration != null;
    }

    /** Starts the leader's loops: orchestration first, so tasks converge, then the dispatcher. */
    @Override
    public synchronized void start() {
        if (orchestration != null) {
            return;
        }
        Orchestration o = new Orchestration(store, clock);
        o.start();
        try {
            dispatcher.start();
        } catch (RuntimeException e) {
            o.stop();
            throw e;
        }
        rootRotation.start();
        orchestration = o;
        log.info("manager loops started");
    }

    /** Stops the leader's loops: the dispatcher first, so agents stop hearing from a stale leader. */
    @Override
    public synchronized void stop() {
        if (orchestration == null) {
            return;
        }
        try {
            rootRotation.stop();
            dispatcher.stop();
        } finally {
            orchestration.stop();
            orchestration = null;
            log.info("manager loops stopped");
        }
    }
}
