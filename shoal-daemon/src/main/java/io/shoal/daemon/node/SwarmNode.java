package io.shoal.daemon.node;

import static java.util.Objects.requireNonNull;

import io.shoal.agent.Agent;
import io.shoal.agent.exec.Executor;
import io.shoal.agent.exec.TaskController;
import io.shoal.api.LocalNodeState;
import io.shoal.api.NodeRole;
import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.time.Clock;
import io.shoal.daemon.api.LocalNode;
import io.shoal.daemon.api.ManagerAccess;
import io.shoal.daemon.api.SwarmAccess;
import io.shoal.daemon.api.SwarmErrors;
import io.shoal.daemon.api.SwarmJoinRequest;
import io.shoal.daemon.config.HostPort;
import io.shoal.manager.Manager;
import io.shoal.manager.ManagerConfig;
import io.shoal.manager.ca.CertificateFiles;
import io.shoal.manager.ca.ClusterBootstrap;
import io.shoal.manager.ca.InitRequest;
import io.shoal.store.MemoryStore;
import io.shoal.store.Table;
import io.shoal.store.raft.LeadershipListener;
import io.shoal.store.raft.RaftConfig;
import io.shoal.store.raft.RaftNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's membership in a swarm, from {@code swarm init} (or a restart that finds saved state)
 * to {@code swarm leave}: the Raft member holding the store, the Manager while this node leads,
 * and the Agent running this node's tasks through the executor.
 * <p>
 * State under {@code <data-dir>/swarm}: {@code state.json} (who this node is), {@code certificates/},
 * {@code raft/} (log and snapshots), {@code agent/} (what the agent runs). Leaving wipes it.
 * <p>
 * Transitions (init, leave, close, leadership changes) are serialised by one lock; leadership
 * changes arrive on Raft's thread and are handed to a lifecycle thread so Raft is never blocked
 * by a Manager starting or stopping.
 */
public final class SwarmNode implements SwarmAccess, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwarmNode.class);
    /** How long swarm init waits for the new one-member group to elect this node. */
    static final Duration LEADER_WAIT = Duration.ofSeconds(15);
    /** How long swarm init waits for this node's agent to report in. */
    static final Duration READY_WAIT = Duration.ofSeconds(20);
    private static final Duration READY_POLL = Duration.ofMillis(100);
    static final String STARTING = "This node is starting: its swarm state is being restored. Try again in a moment.";
    static final String NO_LEADER = "The swarm does not have a leader. It's possible that too few managers are online. "
            + "Make sure more than half of the managers are online.";

    /** Everything this node needs to take part in a swarm. */
    public record Settings(Path dataDir, HostPort listenAddr, Optional<String> advertiseAddr, HostPort raftAddr,
                           String hostname) {
        public Settings {
            requireNonNull(dataDir, "dataDir is null");
            requireNonNull(listenAddr, "listenAddr is null");
            requireNonNull(advertiseAddr, "advertiseAddr is null");
            requireNonNull(raftAddr, "raftAddr is null");
            requireNonNull(hostname, "hostname is null");
        }

        Path swarmDir() {
            return dataDir.resolve("swarm");
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Executor executor;
    private final ExecutorService lifecycle = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("shoal-lifecycle").daemon(true).factory());
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition leadershipChanged = lock.newCondition();

    // guarded by lock; read without it through the volatile fields for cheap status answers
    private volatile Membership membership;
    private volatile String error = "";
    /** Set while a saved membership is being resumed (Raft replaying its log): the node reports "pending". */
    private volatile String resuming;
    /** The membership found on disk at construction, until {@link #start()} resumes it. */
    private NodeState saved;
    private boolean closed;

    /**
     * @param executor runs this node's tasks; owned by the caller, who closes it after this node
     */
    public SwarmNode(Settings settings, Clock clock, Executor executor) {
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.executor = requireNonNull(executor, "executor is null");
        // read now, so that from the first request on the node says it is resuming, not inactive
        try {
            this.saved = NodeState.load(settings.swarmDir()).orElse(null);
        } catch (RuntimeException e) {
            fail("cannot read the saved swarm state: " + e.getMessage(), e);
        }
        this.resuming = saved == null ? null : saved.nodeId();
    }

    /**
     * The running parts of one membership. The Manager exists throughout (its control API writes
     * through Raft on any manager); its loops run while this node leads.
     */
    private static final class Membership implements ManagerAccess {
        final NodeState state;
        final MemoryStore store;
        final RaftNode raft;
        final Manager manager;
        final Agent agent;

        Membership(NodeState state, MemoryStore store, RaftNode raft, Manager manager, Agent agent) {
            this.state = state;
            this.store = store;
            this.raft = raft;
            this.manager = manager;
            this.agent = agent;
        }

        @Override
        public MemoryStore store() {
            return store;
        }

        @Override
        public io.shoal.api.logs.TaskLogs logs() {
            return agent;
        }

        @Override
        public Manager control() {
            return manager;
        }
    }

    // ---- start-up and shutdown ---------------------------------------------------------------

    /**
     * Resumes the swarm saved in the data dir, if any (a daemon restart); until then the node
     * reports "pending" and refuses init and leave. Never throws: failures show in /info.
     */
    public void start() {
        lock.lock();
        try {
            NodeState s = saved;
            saved = null;
            if (s == null) {
                if (error.isEmpty()) {
                    log.info("not part of a swarm: waiting for swarm init");
                }
                return;
            }
            try {
                membership = resume(s, new MemoryStore(clock));
                log.info("resumed swarm membership as {} {}", s.role().wire(), s.nodeId());
            } catch (IOException | RuntimeException e) {
                fail("cannot resume the swarm membership of node " + s.nodeId() + ": " + e.getMessage(), e);
            } finally {
                resuming = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private void fail(String message, Exception e) {
        error = message;
        log.error("{}", message, e);
    }

    /**
     * Starts Raft on the saved log (the store fills from it), then the agent; the Manager's loops
     * follow when this node leads.
     */
    private Membership resume(NodeState s, MemoryStore store) throws IOException {
        HostPort raftAddr = HostPort.parse(s.raftAddr(), settings.raftAddr().host(), settings.raftAddr().port());
        RaftNode raft = RaftNode.start(RaftConfig.singleNode(settings.swarmDir(), s.nodeId(),
                raftAddr.toSocketAddress()), store);
        try {
            Manager manager = new Manager(store, clock, ManagerConfig.defaults(), new RaftGroupMembership(raft));
            Agent agent = new Agent(s.nodeId(), manager::dispatcher, executor, clock,
                    settings.swarmDir().resolve("agent"), hostOf(s.advertiseAddr()));
            Membership m = new Membership(s, store, raft, manager, agent);
            raft.addLeadershipListener(new LeadershipListener() {
                @Override
                public void becameLeader() {
                    lifecycle.execute(() -> reconcileManager(m));
                }

                @Override
                public void lostLeadership() {
                    lifecycle.execute(() -> reconcileManager(m));
                }
            });
            m.agent.start();
            return m;
        } catch (RuntimeException e) {
            raft.close();
            throw e;
        }
    }

    /** Starts or stops the Manager's loops to match this node's leadership. */
    private void reconcileManager(Membership m) {
        lock.lock();
        try {
            if (closed || membership != m) {
                return;
            }
            boolean leads = m.raft.isLeader() && m.store.view(tx -> tx.cluster().isPresent());
            if (leads && !m.manager.isRunning()) {
                m.manager.start();
                log.info("this node leads the swarm: manager started");
            } else if (!leads && m.manager.isRunning()) {
                m.manager.stop();
                log.info("this node no longer leads the swarm: manager stopped");
            }
        } catch (RuntimeException e) {
            log.error("cannot start or stop the manager: {}", e.toString(), e);
        } finally {
            leadershipChanged.signalAll();
            lock.unlock();
        }
    }

    /**
     * Stops the API-independent parts in order: Manager, Agent, Raft. Tasks keep running, state stays
     * on disk, so the next start re-adopts them.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            Membership m = membership;
            if (m != null) {
                stopParts(m);
            }
            leadershipChanged.signalAll();
        } finally {
            lock.unlock();
        }
        lifecycle.shutdownNow();
        try {
            lifecycle.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopParts(Membership m) {
        quietly("stop the manager", m.manager::stop);
        quietly("stop the agent", m.agent::close);
        quietly("stop raft", m.raft::close);
    }

    private static void quietly(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("cannot {}: {}", what, e.toString(), e);
        }
    }

    // ---- what the API asks -------------------------------------------------------------------

    @Override
    public LocalNode local() {
        Membership m = membership;
        String r = resuming;
        if (m == null && r != null) {
            return new LocalNode(LocalNodeState.PENDING, r, "", false, "");
        }
        if (m == null) {
            String e = error;
            return e.isEmpty() ? LocalNode.INACTIVE : new LocalNode(LocalNodeState.ERROR, "", "", false, e);
        }
        return new LocalNode(LocalNodeState.ACTIVE, m.state.nodeId(), hostOf(m.state.advertiseAddr()),
                m.state.role() == NodeRole.MANAGER, "");
    }

    @Override
    public ManagerAccess manager() {
        Membership m = membership;
        if (m == null && resuming != null) {
            throw new ShoalException.Unavailable(STARTING);
        }
        if (m == null) {
            throw SwarmErrors.notAManager();
        }
        if (m.state.role() != NodeRole.MANAGER) {
            throw new ShoalException.Unavailable(SwarmErrors.WORKER);
        }
        return m;
    }

    @Override
    public String init(InitRequest request) {
        InitRequest r = request == null ? InitRequest.defaults() : request;
        lock.lock();
        try {
            if (closed) {
                throw new ShoalException.Unavailable("the daemon is shutting down");
            }
            if (membership != null) {
                throw new ShoalException.Unavailable(SwarmErrors.ALREADY_IN_SWARM);
            }
            if (resuming != null) {
                throw new ShoalException.Unavailable(STARTING);
            }
            HostPort listen = r.listenAddr() == null || r.listenAddr().isBlank() ? settings.listenAddr()
                    : parseListen(r.listenAddr());
            HostPort advertise = AdvertiseAddress.choose(r.advertiseAddr(), settings.advertiseAddr(), listen);
            String nodeId = io.shoal.api.Ids.newId();
            ClusterBootstrap.Bootstrap boot = ClusterBootstrap.init(r, nodeId,
                    describeHost(), advertise.toString(), clock);

            // a failed earlier attempt, or state from an error: start clean
            AtomicFiles.deleteTree(settings.swarmDir());
            NodeState state = new NodeState(nodeId, NodeRole.MANAGER, listen.toString(), advertise.toString(),
                    settings.raftAddr().toString());
            Membership m = null;
            try {
                CertificateFiles.write(settings.swarmDir().resolve("certificates"), boot.certificate(),
                        boot.cluster().rootCa().caCert());
                state.save(settings.swarmDir());
                m = resume(state, new MemoryStore(clock));
                membership = m;
                error = "";
                awaitLeadership(m);
                m.store.write(tx -> {
                    tx.create(Table.CLUSTERS, boot.cluster());
                    tx.create(Table.NODES, boot.node());
                });
                // the leadership callback came before the cluster existed: start the manager now
                reconcileManager(m);
                if (!m.manager.isRunning()) {
                    throw new ShoalException.Unavailable(NO_LEADER);
                }
                awaitReady(m);
            } catch (IOException | RuntimeException e) {
                if (m != null) {
                    stopParts(m);
                }
                membership = null;
                AtomicFiles.deleteTree(settings.swarmDir());
                if (e instanceof ShoalException se) {
                    throw se;
                }
                throw new ShoalException.Internal("swarm init failed: " + e.getMessage(), e);
            }
            log.info("swarm initialized: node {} is a manager, advertising {}", nodeId, advertise);
            return nodeId;
        } finally {
            lock.unlock();
        }
    }

    private static HostPort parseListen(String value) {
        try {
            return HostPort.parse(value, "0.0.0.0", ClusterBootstrap.DEFAULT_MANAGER_PORT);
        } catch (IllegalArgumentException e) {
            throw new ShoalException.InvalidArgument("invalid listen address " + value + ": " + e.getMessage());
        }
    }

    /** The machine as the executor sees it, named as the daemon was told. */
    private io.shoal.api.Node.Description describeHost() {
        io.shoal.api.Node.Description d = executor.describe();
        return new io.shoal.api.Node.Description(settings.hostname(), d.platform(), d.resources(), d.engine(),
                d.tlsInfo());
    }

    /**
     * A one-member group elects itself within an election timeout; wait for that, bounded. Every
     * leadership change signals {@code leadershipChanged} (through reconcileManager).
     */
    private void awaitLeadership(Membership m) {
        long left = LEADER_WAIT.toNanos();
        try {
            while (!m.raft.isLeader() && left > 0) {
                left = leadershipChanged.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!m.raft.isLeader()) {
            throw new ShoalException.Unavailable(NO_LEADER);
        }
    }

    /**
     * Like dockerd, {@code swarm init} returns once this node's own agent has a session and the node
     * is READY, so the {@code node ls} that follows shows it so. Bounded; a slow agent only logs.
     */
    private void awaitReady(Membership m) {
        String id = m.state.nodeId();
        long polls = READY_WAIT.toNanos() / READY_POLL.toNanos();
        try {
            for (long i = 0; i < polls && !isReady(m, id); i++) {
                leadershipChanged.awaitNanos(READY_POLL.toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!isReady(m, id)) {
            log.warn("the agent of node {} has no session with the dispatcher after {}", id, READY_WAIT);
        }
    }

    private static boolean isReady(Membership m, String nodeId) {
        return m.agent.connected() && m.store.view(tx -> tx.get(Table.NODES, nodeId))
                .map(n -> n.status() != null && n.status().state() == io.shoal.api.NodeState.READY).orElse(false);
    }

    @Override
    public void join(SwarmJoinRequest request) {
        if (membership != null) {
            throw new ShoalException.Unavailable(SwarmErrors.ALREADY_IN_SWARM);
        }
        throw new ShoalException.Unimplemented("joining a swarm is not supported by this Shoal version yet: "
                + "run every service on one node, or use \"docker swarm init\" here");
    }

    /**
     * Leaves the swarm: stops Manager, Agent and Raft, removes the tasks' containers (as dockerd
     * does on leave) and wipes the swarm state. A manager must be forced: it takes the swarm with it.
     */
    @Override
    public void leave(boolean force) {
        lock.lock();
        try {
            if (resuming != null) {
                throw new ShoalException.Unavailable(STARTING);
            }
            Membership m = membership;
            if (m == null) {
                if (!error.isEmpty() && force) {
                    // a membership that could not be resumed: forget it
                    AtomicFiles.deleteTree(settings.swarmDir());
                    error = "";
                    return;
                }
                throw new ShoalException.Unavailable(SwarmErrors.NOT_IN_SWARM);
            }
            if (m.state.role() == NodeRole.MANAGER && !force) {
                throw new ShoalException.Unavailable(SwarmErrors.LAST_MANAGER_LEAVING);
            }
            List<Task> tasks = m.agent.tasks();
            membership = null;
            stopParts(m);
            removeContainers(tasks);
            AtomicFiles.deleteTree(settings.swarmDir());
            leadershipChanged.signalAll();
            log.info("left the swarm: node {} removed its {} task(s) and its swarm state", m.state.nodeId(), tasks.size());
        } finally {
            lock.unlock();
        }
    }

    private void removeContainers(List<Task> tasks) {
        for (Task t : tasks) {
            try (TaskController c = executor.controller(t)) {
                c.remove();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("cannot remove the container of task {}: {}", t.id(), e.toString());
            }
        }
    }

    static String hostOf(String hostPort) {
        if (hostPort == null || hostPort.isEmpty()) {
            return "";
        }
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end < 0 ? hostPort : hostPort.substring(1, end);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 || hostPort.indexOf(':') != colon ? hostPort : hostPort.substring(0, colon);
    }
}
