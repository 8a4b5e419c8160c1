package io.shoal.daemon.node;

import static java.util.Objects.requireNonNull;

import io.shoal.agent.exec.Executor;
import io.shoal.agent.exec.TaskController;
import io.shoal.api.LocalNodeState;
import io.shoal.api.NodeRole;
import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.time.Clock;
import io.shoal.daemon.api.LeaderForwarding;
import io.shoal.daemon.api.LocalNode;
import io.shoal.daemon.api.ManagerAccess;
import io.shoal.daemon.api.SwarmAccess;
import io.shoal.daemon.api.SwarmErrors;
import io.shoal.daemon.api.SwarmJoinRequest;
import io.shoal.daemon.config.HostPort;
import io.shoal.manager.ManagerConfig;
import io.shoal.manager.ca.CertificateFiles;
import io.shoal.manager.ca.ClusterBootstrap;
import io.shoal.manager.ca.InitRequest;
import io.shoal.rpc.client.JoinClient;
import io.shoal.rpc.client.Joined;
import io.shoal.rpc.client.ManagerConnection;
import io.shoal.store.Table;
import io.shoal.store.raft.LeadershipListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * One node's membership in a swarm, from {@code swarm init} or {@code swarm join} (or a restart that
 * finds saved state) to {@code swarm leave}. A manager holds a Raft member with the store, the
 * Manager (its loops run while this node leads) and the cluster port; a worker reaches the managers
 * over mutual TLS. Both run an agent for this node's tasks (see {@link Membership}).
 * <p>
 * State under {@code <data-dir>/swarm}: {@code state.json} (who this node is, the managers it knows),
 * {@code certificates/}, {@code raft/} (managers: log and snapshots), {@code agent/} (what the agent
 * runs). Leaving wipes it.
 * <p>
 * Transitions (init, join, leave, close, leadership changes) are serialised by one lock; leadership
 * changes arrive on Raft's thread and are handed to a lifecycle thread so Raft is never blocked by a
 * Manager starting or stopping.
 */
public final class SwarmNode implements SwarmAccess, LeaderForwarding, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwarmNode.class);
    /** How long swarm init waits for the new one-member group to elect this node. */
    static final Duration LEADER_WAIT = Duration.ofSeconds(15);
    /** How long init and join wait for this node's agent to have a session (dockerd: 20 s for join). */
    static final Duration READY_WAIT = Duration.ofSeconds(20);
    private static final Duration READY_POLL = Duration.ofMillis(100);
    static final String STARTING = "This node is starting: its swarm state is being restored. Try again in a moment.";
    static final String NO_LEADER = "The swarm does not have a leader. It's possible that too few managers are online. "
            + "Make sure more than half of the managers are online.";
    /** dockerd's words when a join takes longer than it waits. */
    static final String JOIN_TIMEOUT = "Timeout was reached before node joined. The attempt to join the swarm will "
            + "continue in the background. Use the \"docker info\" command to see the current swarm status of your node.";
    static final String CATCHING_UP = "This node is joining the managers: its copy of the cluster state is not "
            + "there yet. Try again in a moment.";
    static final String NEEDS_REMOTE = "at least 1 RemoteAddr is required to join";
    /** What the docker CLI sends as ListenAddr when the user gave none: the daemon's own setting wins then. */
    static final String CLI_DEFAULT_LISTEN = "0.0.0.0:2377";
    /** How often a node compares its role with what its spec asks for (promotion, demotion). */
    static final Duration ROLE_CHECK = Duration.ofSeconds(2);
    /** How long a follower waits for the leader to serve a forwarded write. */
    static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(60);
    /** How often a follower waiting for a forwarded write checks that Raft here still follows that leader. */
    static final Duration LEADER_WATCH = Duration.ofMillis(200);
    static final String LEADER_CHANGED = "The swarm's leader changed while it was serving this request, which may or "
            + "may not have been applied. Check the current state, then retry.";
    /** How many task containers leaving removes at once. */
    static final int REMOVE_PARALLELISM = 16;
    /** How long a follower waits for its replica to catch up with a write it forwarded. */
    static final Duration READ_YOUR_WRITES_WAIT = Duration.ofSeconds(5);

    /** Everything this node needs to take part in a swarm. */
    public record Settings(Path dataDir, HostPort listenAddr, Optional<String> advertiseAddr, HostPort raftAddr,
                           String hostname, ManagerConfig managerConfig) {
        public Settings {
            requireNonNull(dataDir, "dataDir is null");
            requireNonNull(listenAddr, "listenAddr is null");
            requireNonNull(advertiseAddr, "advertiseAddr is null");
            requireNonNull(raftAddr, "raftAddr is null");
            requireNonNull(hostname, "hostname is null");
            requireNonNull(managerConfig, "managerConfig is null");
        }

        public Settings(Path dataDir, HostPort listenAddr, Optional<String> advertiseAddr, HostPort raftAddr,
                        String hostname) {
            this(dataDir, listenAddr, advertiseAddr, raftAddr, hostname, ManagerConfig.defaults());
        }

        Path swarmDir() {
            return dataDir.resolve("swarm");
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Executor executor;
    private final JoinClient joinClient;
    private final io.shoal.rpc.server.LocalApi localApi;
    private final ExecutorService lifecycle = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("shoal-lifecycle").daemon(true).factory());
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    // guarded by lock; read without it through the volatile fields for cheap status answers
    private volatile Membership membership;
    private volatile String error = "";
    /** Set while a saved membership is being resumed (Raft replaying its log): the node reports "pending". */
    private volatile String resuming;
    /** A manager whose keys are sealed (autolock), waiting for {@code swarm unlock}: the node reports "locked". */
    private volatile NodeState locked;
    /** The membership found on disk at construction, until {@link #start()} resumes it. */
    private NodeState saved;
    private boolean closed;
    private Clock.Cancellable roleTimer;

    /**
     * @param executor runs this node's tasks; owned by the caller, who closes it after this node
     */
    public SwarmNode(Settings settings, Clock clock, Executor executor) {
        this(settings, clock, executor, io.shoal.rpc.server.LocalApi.NONE);
    }

    /**
     * @param localApi this node's Docker API in process: as the leader, it serves the writes other
     *     managers forward
     */
    public SwarmNode(Settings settings, Clock clock, Executor executor, io.shoal.rpc.server.LocalApi localApi) {
        this.localApi = requireNonNull(localApi, "localApi is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.executor = requireNonNull(executor, "executor is null");
        // 3 tries 2 s apart with 5 s calls: an unreachable manager is reported within dockerd's 20 s
        this.joinClient = new JoinClient(clock, JoinClient.DEFAULT_CALL_TIMEOUT, 3, JoinClient.DEFAULT_RETRY_DELAY);
        // read now, so that from the first request on the node says it is resuming, not inactive
        try {
            this.saved = NodeState.load(settings.swarmDir()).orElse(null);
            if (saved != null && saved.role() == NodeRole.MANAGER && ManagerKeys.sealed(settings.swarmDir())) {
                // known before the API answers: a locked manager says "locked" from the first request
                locked = saved;
                saved = null;
            }
        } catch (RuntimeException e) {
            fail("cannot read the saved swarm state: " + e.getMessage(), e);
        }
        this.resuming = saved == null ? null : saved.nodeId();
    }

    // ---- start-up and shutdown ---------------------------------------------------------------

    /**
     * Resumes the swarm saved in the data dir, if any (a daemon restart); until then the node
     * reports "pending" and refuses init, join and leave. Never throws: failures show in /info.
     */
    public void start() {
        lock.lock();
        try {
            scheduleRoleCheck();
            if (locked != null) {
                log.info("this manager is locked (autolock): waiting for docker swarm unlock");
                return;
            }
            NodeState s = saved;
            saved = null;
            if (s == null) {
                if (error.isEmpty()) {
                    log.info("not part of a swarm: waiting for swarm init or swarm join");
                }
                return;
            }
            try {
                membership = startMembership(s, ManagerCalls.parse(s.raftPeers()));
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

    /** Starts the parts of a membership for the role in {@code s}. */
    private Membership startMembership(NodeState s, List<io.shoal.store.raft.RaftPeer> raftPeers) throws IOException {
        return startMembership(s, raftPeers, null);
    }

    /** @param unlock opens the manager's sealed keys (autolock); null when they are in clear */
    private Membership startMembership(NodeState s, List<io.shoal.store.raft.RaftPeer> raftPeers,
                                       io.shoal.store.crypto.UnlockKey unlock) throws IOException {
        if (s.role() != NodeRole.MANAGER) {
            return WorkerMembership.start(s, settings.swarmDir(), clock, executor);
        }
        ManagerKeys.Opened keys = openManagerKeys(s, raftPeers, unlock);
        ManagerMembership m = ManagerMembership.start(s, settings.swarmDir(), clock, executor,
                settings.managerConfig(), raftPeers, localApi, keys, unlock);
        m.raft.addLeadershipListener(new LeadershipListener() {
            @Override
            public void becameLeader() {
                lifecycle.execute(() -> reconcileManager(m));
            }

            @Override
            public void lostLeadership() {
                lifecycle.execute(() -> reconcileManager(m));
            }
        });
        return m;
    }

    /**
     * The manager's data key and TLS identity. A manager without a data key creates one if it starts
     * a group (swarm init, or Raft data from before encryption), else gets the group's from the
     * other managers before its Raft member starts (join, promotion).
     */
    private ManagerKeys.Opened openManagerKeys(NodeState s, List<io.shoal.store.raft.RaftPeer> raftPeers,
                                               io.shoal.store.crypto.UnlockKey unlock) {
        Path dir = settings.swarmDir();
        if (!ManagerKeys.hasDataKey(dir)) {
            boolean joining = raftPeers.stream().anyMatch(p -> !p.memberId().equals(s.nodeId()));
            if (joining) {
                List<String> others = s.managers().stream().filter(a -> !a.equals(s.advertiseAddr())).toList();
                try (ManagerConnection c = new ManagerConnection(others.isEmpty() ? s.managers() : others,
                        new io.shoal.rpc.tls.ReloadableIdentity(io.shoal.rpc.tls.TlsIdentity.fromDirectory(
                                Membership.certDir(dir))), clock)) {
                    ManagerKeys.store(dir, AutolockKeeper.fetch(c));
                }
                log.info("got the raft data key from the other managers");
            } else {
                ManagerKeys.create(dir);
            }
        }
        return ManagerKeys.open(dir, unlock);
    }

    // ---- autolock: a locked manager and swarm unlock --------------------------------------------

    /**
     * {@code swarm unlock}: opens this locked manager's keys with {@code key} and starts it. False if
     * the key does not open them (the node stays locked).
     */
    @Override
    public boolean unlock(String key) {
        lock.lock();
        try {
            NodeState s = locked;
            if (s == null) {
                if (membership == null && resuming == null) {
                    throw new ShoalException.Unavailable(SwarmErrors.NOT_IN_SWARM);
                }
                throw new ShoalException.Conflict("swarm is not locked");
            }
            io.shoal.store.crypto.UnlockKey unlock;
            try {
                unlock = io.shoal.store.crypto.UnlockKey.parse(key == null ? "" : key);
                ManagerKeys.open(settings.swarmDir(), unlock);
            } catch (IllegalArgumentException | ManagerKeys.InvalidKey e) {
                log.info("swarm unlock refused: {}", e.getMessage());
                return false;
            }
            try {
                membership = startMembership(s, ManagerCalls.parse(s.raftPeers()), unlock);
                locked = null;
                error = "";
                log.info("swarm unlocked: resumed swarm membership as manager {}", s.nodeId());
            } catch (IOException | RuntimeException e) {
                throw new ShoalException.Internal("swarm unlock failed: " + e.getMessage(), e);
            } finally {
                changed.signalAll();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Starts or stops the Manager's loops to match this node's leadership. */
    private void reconcileManager(ManagerMembership m) {
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
            changed.signalAll();
            lock.unlock();
        }
    }

    /**
     * Stops every part in order (agent, Manager, cluster port, connections, Raft). Tasks keep
     * running, state stays on disk, so the next start re-adopts them.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (roleTimer != null) {
                roleTimer.cancel();
            }
            Membership m = membership;
            if (m != null) {
                m.close();
            }
            changed.signalAll();
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

    // ---- what the API asks -------------------------------------------------------------------

    @Override
    public LocalNode local() {
        Membership m = membership;
        String r = resuming;
        NodeState l = locked;
        if (m == null && l != null) {
            return new LocalNode(LocalNodeState.LOCKED, l.nodeId(), hostOf(l.advertiseAddr()), false, "");
        }
        if (m == null && r != null) {
            return new LocalNode(LocalNodeState.PENDING, r, "", false, "");
        }
        if (m == null) {
            String e = error;
            return e.isEmpty() ? LocalNode.INACTIVE : new LocalNode(LocalNodeState.ERROR, "", "", false, e);
        }
        NodeState s = m.state();
        ShoalException refused = m.observed.lastOpenFailure();
        if (refused instanceof ShoalException.PermissionDenied) {
            // the managers no longer accept this node (removed, or its certificate is not valid)
            return new LocalNode(LocalNodeState.ERROR, s.nodeId(), hostOf(s.advertiseAddr()), false,
                    refused.getMessage());
        }
        return new LocalNode(LocalNodeState.ACTIVE, s.nodeId(), hostOf(s.advertiseAddr()),
                s.role() == NodeRole.MANAGER, "");
    }

    @Override
    public List<String> remoteManagers() {
        Membership m = membership;
        return m == null ? List.of() : m.managerAddrs();
    }

    @Override
    public ManagerAccess manager() {
        Membership m = membership;
        if (m == null && resuming != null) {
            throw new ShoalException.Unavailable(STARTING);
        }
        if (m == null && locked != null) {
            throw new ShoalException.Unavailable(SwarmErrors.LOCKED);
        }
        if (m == null) {
            throw SwarmErrors.notAManager();
        }
        if (!(m instanceof ManagerMembership mm)) {
            throw new ShoalException.Unavailable(SwarmErrors.WORKER);
        }
        if (mm.store.view(tx -> tx.cluster().isEmpty())) {
            // a manager that just joined: its replica fills from the leader within moments
            throw new ShoalException.Unavailable(CATCHING_UP);
        }
        return mm;
    }

    private void checkCanEnter() {
        if (closed) {
            throw new ShoalException.Unavailable("the daemon is shutting down");
        }
        if (membership != null || locked != null) {
            throw new ShoalException.Unavailable(SwarmErrors.ALREADY_IN_SWARM);
        }
        if (resuming != null) {
            throw new ShoalException.Unavailable(STARTING);
        }
    }

    @Override
    public String init(InitRequest request) {
        InitRequest r = request == null ? InitRequest.defaults() : request;
        lock.lock();
        try {
            if (Boolean.TRUE.equals(r.forceNewCluster()) && membership instanceof ManagerMembership mm) {
                return forceNewCluster(mm);
            }
            checkCanEnter();
            HostPort listen = listenAddr(r.listenAddr());
            HostPort advertise = AdvertiseAddress.choose(r.advertiseAddr(), settings.advertiseAddr(), listen);
            String nodeId = io.shoal.api.Ids.newId();
            ClusterBootstrap.Bootstrap boot = ClusterBootstrap.init(r, nodeId,
                    describeHost(), advertise.toString(), clock, settings.managerConfig().minNodeCertExpiry());

            // a failed earlier attempt, or state from an error: start clean
            AtomicFiles.deleteTree(settings.swarmDir());
            NodeState state = new NodeState(nodeId, NodeRole.MANAGER, listen.toString(), advertise.toString(),
                    settings.raftAddr().toString());
            ManagerMembership m = null;
            try {
                CertificateFiles.write(Membership.certDir(settings.swarmDir()), boot.certificate(),
                        boot.cluster().rootCa().caCert());
                state.save(settings.swarmDir());
                m = (ManagerMembership) startMembership(state, List.of());
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
                awaitSession(m);
                m.settleKeys(); // init --autolock: sealed before the unlock key is handed out
            } catch (IOException | RuntimeException e) {
                if (m != null) {
                    m.close();
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

    /**
     * {@code swarm init --force-new-cluster} on a manager: its Raft group becomes a new one with
     * this manager as the only member, holding everything its replica holds (cluster, CA, tokens,
     * nodes, services, tasks), so a swarm that lost its quorum for good works again. Workers and
     * tasks carry on; the other managers are no longer in the group and must leave and join again.
     */
    private String forceNewCluster(ManagerMembership old) {
        if (old.store.view(tx -> tx.cluster().isEmpty())) {
            throw new ShoalException.Unavailable(CATCHING_UP);
        }
        NodeState state = old.state().withRaftPeers(List.of());
        io.shoal.store.StoreSnapshot replica = old.store.snapshot();
        log.warn("forcing a new cluster from this manager's replica at index {}: the other managers leave the"
                + " raft group", replica.index());
        membership = null;
        old.close();
        try {
            io.shoal.store.raft.RaftNode.reseed(settings.swarmDir(), replica, clock.millis(), old.autolock.dataKey());
            state.save(settings.swarmDir());
            ManagerMembership m = (ManagerMembership) startMembership(state, List.of(), old.autolock.sealedWith());
            membership = m;
            awaitLeadership(m);
            reconcileManager(m);
        } catch (IOException e) {
            error = "cannot force a new cluster: " + e.getMessage();
            throw new ShoalException.Internal(error, e);
        }
        log.info("new cluster forced: node {} is its only manager", state.nodeId());
        return state.nodeId();
    }

    /**
     * Joins a swarm: checks the managers' CA against the token, gets a certificate for a new node
     * ID, saves it with the manager list, and starts the agent; returns once the agent has a
     * session (the node is READY), as dockerd does, or fails with dockerd's timeout message after
     * {@link #READY_WAIT} while the node keeps trying.
     */
    @Override
    public void join(SwarmJoinRequest request) {
        SwarmJoinRequest r = request == null ? SwarmJoinRequest.EMPTY : request;
        lock.lock();
        try {
            checkCanEnter();
            List<String> remotes = remoteAddrs(r.remoteAddrs());
            HostPort listen = listenAddr(r.listenAddr());
            String advertise = advertiseForJoin(r.advertiseAddr(), listen);
            Joined joined = joinClient.join(r.joinToken(), remotes, r.availability());
            AtomicFiles.deleteTree(settings.swarmDir());
            List<String> managers = new ArrayList<>(List.of(joined.managerAddr()));
            remotes.stream().filter(a -> !managers.contains(a)).forEach(managers::add);
            List<io.shoal.store.raft.RaftPeer> raftPeers = List.of();
            if (joined.role() == NodeRole.MANAGER) {
                // a manager needs an address the others reach it at, and the group it joins
                if (advertise.isEmpty()) {
                    advertise = AdvertiseAddress.choose(null, settings.advertiseAddr(), listen).toString();
                }
                try (ManagerConnection c = new ManagerConnection(managers,
                        new io.shoal.rpc.tls.ReloadableIdentity(joined.identity()), clock)) {
                    raftPeers = ManagerCalls.raftMembers(c);
                }
            }
            NodeState state = new NodeState(joined.nodeId(), joined.role(), listen.toString(), advertise,
                    settings.raftAddr().toString(), managers, ManagerCalls.format(raftPeers));
            Membership m;
            try {
                CertificateFiles.write(Membership.certDir(settings.swarmDir()), joined.certificate(),
                        joined.rootCaPem());
                state.save(settings.swarmDir());
                m = startMembership(state, raftPeers);
            } catch (IOException | RuntimeException e) {
                AtomicFiles.deleteTree(settings.swarmDir());
                if (e instanceof ShoalException se) {
                    throw se;
                }
                throw new ShoalException.Internal("swarm join failed: " + e.getMessage(), e);
            }
            if (m instanceof ManagerMembership mm) {
                try {
                    joinRaftGroup(mm);
                } catch (RuntimeException e) {
                    mm.close();
                    AtomicFiles.deleteTree(settings.swarmDir());
                    throw e;
                }
            }
            membership = m;
            error = "";
            log.info("joined the swarm as {} {} via {}", joined.role().wire(), joined.nodeId(), joined.managerAddr());
            if (!awaitSession(m)) {
                throw new ShoalException.Unavailable(JOIN_TIMEOUT);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- forwarding writes to the leader --------------------------------------------------------

    @Override
    public Optional<io.shoal.rpc.server.LocalApi.Reply> forward(String method, String path,
                                                               java.util.Map<String, String> headers, byte[] body) {
        if (!(membership instanceof ManagerMembership mm) || mm.raft.isLeader()) {
            return Optional.empty();
        }
        Optional<String> leader = mm.raft.leaderId();
        Optional<String> addr = leader.flatMap(id -> mm.store.view(tx -> tx.get(Table.NODES, id)))
                .map(io.shoal.api.Node::managerStatus).map(io.shoal.api.Node.ManagerStatus::addr);
        if (addr.isEmpty()) {
            return Optional.empty(); // no leader known: served here, it fails with "no leader"
        }
        io.shoal.rpc.proto.ApiRequest request = io.shoal.rpc.proto.ApiRequest.newBuilder().setMethod(method)
                .setPath(path).putAllHeaders(headers).setBody(com.google.protobuf.ByteString.copyFrom(body)).build();
        for (int attempt = 1; ; attempt++) {
            try {
                io.shoal.rpc.proto.ApiResponse r = callLeader(mm, leader.get(), addr.get(), request);
                java.util.Map<String, String> replyHeaders = new java.util.HashMap<>(r.getHeadersMap());
                awaitLocalReplica(mm, replyHeaders.remove(io.shoal.daemon.api.LeaderForwarding.INDEX_HEADER));
                return Optional.of(new io.shoal.rpc.server.LocalApi.Reply(r.getStatus(), replyHeaders,
                        r.getBody().toByteArray()));
            } catch (io.grpc.StatusRuntimeException e) {
                if (e.getStatus().getCode() != io.grpc.Status.Code.UNAVAILABLE) {
                    throw io.shoal.rpc.GrpcErrors.toShoal(e);
                }
                mm.leader.reset();
                if (attempt == 1 && isChannelShutdown(e)) {
                    continue; // a certificate renewal retired the channel before the call went out: not sent
                }
                // the leader this replica last heard of does not answer: it died or lost its quorum
                throw new ShoalException.Unavailable(NO_LEADER, e);
            }
        }
    }

    /**
     * Sends a forwarded request to the leader and waits for its answer while this replica still
     * follows that leader. A leader cut off from the others never answers (its packets are dropped,
     * no connection error comes); once Raft here has moved on from it, the call is given up at once
     * rather than after {@link #FORWARD_TIMEOUT}. The old leader may still have committed it, so the
     * client is told to check.
     */
    private static io.shoal.rpc.proto.ApiResponse callLeader(ManagerMembership mm, String leaderId, String addr,
                                                            io.shoal.rpc.proto.ApiRequest request) {
        com.google.common.util.concurrent.ListenableFuture<io.shoal.rpc.proto.ApiResponse> call =
                io.shoal.rpc.proto.ManagerControlGrpc.newFutureStub(mm.leader.to(addr))
                        .withDeadlineAfter(FORWARD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .forwardApi(request);
        try {
            while (true) {
                try {
                    return call.get(LEADER_WATCH.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    if (!mm.raft.leaderId().equals(Optional.of(leaderId))) {
                        call.cancel(true);
                        mm.leader.reset();
                        throw new ShoalException.Unavailable(LEADER_CHANGED);
                    }
                }
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof io.grpc.StatusRuntimeException s) {
                throw s;
            }
            throw io.shoal.rpc.GrpcErrors.toShoal(e.getCause());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new ShoalException.Unavailable("interrupted while the leader served this request", e);
        }
    }

    /**
     * Waits (briefly) until this follower's replica holds what the leader held when it answered, so
     * the client's next read here sees its own write, as it would on the leader.
     */
    private static void awaitLocalReplica(ManagerMembership mm, String leaderIndex) {
        if (leaderIndex == null) {
            return;
        }
        try {
            if (!mm.raft.awaitApplied(Long.parseLong(leaderIndex), READ_YOUR_WRITES_WAIT)) {
                log.warn("this replica did not reach the leader's index {} within {}", leaderIndex,
                        READ_YOUR_WRITES_WAIT);
            }
        } catch (NumberFormatException e) {
            log.warn("the leader sent an unreadable store index {}", leaderIndex);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isChannelShutdown(io.grpc.StatusRuntimeException e) {
        String d = e.getStatus().getDescription();
        return d != null && d.startsWith("Channel shutdown");
    }

    // ---- role changes ------------------------------------------------------------------------

    private void scheduleRoleCheck() {
        lock.lock();
        try {
            if (!closed) {
                roleTimer = clock.schedule(ROLE_CHECK, () -> lifecycle.execute(this::checkRole));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Compares this node's role with what its spec asks for: a worker asks the managers (and is
     * promoted when they say manager), a manager reads its own replica (and is demoted once the
     * leader took it out of the Raft group). The leader also takes demoted managers out of the
     * group, and a manager not in the group (yet) asks the leader to add it.
     */
    private void checkRole() {
        try {
            Membership m = membership;
            if (m instanceof WorkerMembership w) {
                if (ManagerCalls.desiredRole(w.connection) == NodeRole.MANAGER) {
                    promote(w);
                }
            } else if (m instanceof ManagerMembership mm) {
                removeDemotedMembers(mm);
                String self = mm.state().nodeId();
                NodeRole wanted = mm.store.view(tx -> tx.get(Table.NODES, self))
                        .map(n -> n.spec() == null ? NodeRole.MANAGER : n.spec().role()).orElse(NodeRole.MANAGER);
                if (wanted == NodeRole.WORKER) {
                    if (!mm.inRaftGroup()) {
                        demote(mm);
                    }
                } else if (!mm.inRaftGroup() && !mm.state().raftPeers().isEmpty()) {
                    joinRaftGroup(mm);
                }
            }
        } catch (RuntimeException e) {
            log.debug("role check: {}", e.toString());
        } finally {
            scheduleRoleCheck();
        }
    }

    /** On the leader: members whose spec says worker leave the Raft group (itself last: it steps down). */
    private void removeDemotedMembers(ManagerMembership mm) {
        if (!mm.raft.isLeader()) {
            return;
        }
        String self = mm.state().nodeId();
        List<String> demoted = mm.store.view(tx -> mm.raft.members().stream()
                .map(io.shoal.store.raft.RaftPeer::memberId)
                .filter(id -> tx.get(Table.NODES, id).map(n -> n.spec() != null && n.spec().role() == NodeRole.WORKER)
                        .orElse(true))
                .sorted((a, b) -> Boolean.compare(a.equals(self), b.equals(self)))
                .toList());
        for (String id : demoted) {
            log.info("manager {} was demoted: removing it from the raft group", id);
            mm.raft.removeMember(id);
            mm.store.write(tx -> tx.get(Table.NODES, id).ifPresent(n -> tx.update(Table.NODES, n.withManagerStatus(null))));
        }
    }

    /** Asks the leader to add this manager to the Raft group, through the managers it knows. */
    private void joinRaftGroup(ManagerMembership mm) {
        NodeState s = mm.state();
        // not through itself: its own replica does not know it yet
        List<String> others = mm.managerAddrs().stream().filter(a -> !a.equals(s.advertiseAddr())).toList();
        if (others.isEmpty()) {
            others = s.managers().stream().filter(a -> !a.equals(s.advertiseAddr())).toList();
        }
        if (others.isEmpty()) {
            throw new ShoalException.Unavailable("no other manager known to join the raft group through");
        }
        List<io.shoal.store.raft.RaftPeer> members;
        try (ManagerConnection c = new ManagerConnection(others, mm.identity, clock)) {
            members = ManagerCalls.joinRaft(c, s.raftAddr(), s.advertiseAddr());
        }
        log.info("this manager joined the raft group: members {}", members.stream()
                .map(io.shoal.store.raft.RaftPeer::memberId).toList());
    }

    /**
     * A worker whose spec now says manager: a manager certificate first (renewal takes the role from
     * the spec), then the Raft member started empty and added by the leader, the store filling from
     * it; the agent stops and starts again around the switch, its tasks running throughout.
     */
    private void promote(WorkerMembership w) {
        lock.lock();
        try {
            if (closed || membership != w) {
                return;
            }
            io.shoal.rpc.tls.TlsIdentity id = w.renewer.renewNow();
            if (id.role() != NodeRole.MANAGER) {
                return;
            }
            List<io.shoal.store.raft.RaftPeer> peers = ManagerCalls.raftMembers(w.connection);
            NodeState ws = w.state();
            HostPort listen = HostPort.parse(ws.listenAddr(), "0.0.0.0", HostPort.DEFAULT_CLUSTER_PORT);
            String advertise = ws.advertiseAddr().isEmpty()
                    ? AdvertiseAddress.choose(null, settings.advertiseAddr(), listen).toString() : ws.advertiseAddr();
            NodeState ms = new NodeState(ws.nodeId(), NodeRole.MANAGER, ws.listenAddr(), advertise,
                    settings.raftAddr().toString(), w.managerAddrs(), ManagerCalls.format(peers));
            log.info("this node was promoted: becoming a manager");
            membership = null;
            w.close();
            ms.save(settings.swarmDir());
            ManagerMembership mm;
            try {
                mm = (ManagerMembership) startMembership(ms, peers);
            } catch (IOException | RuntimeException e) {
                fail("cannot start as a manager after promotion: " + e.getMessage(), e);
                return;
            }
            membership = mm;
            try {
                joinRaftGroup(mm);
            } catch (RuntimeException e) {
                log.warn("joining the raft group failed, will retry: {}", e.getMessage());
            }
        } finally {
            changed.signalAll();
            lock.unlock();
        }
    }

    /**
     * A manager whose spec now says worker, and which the leader took out of the Raft group: a worker
     * certificate, then its manager parts stop, its Raft state goes, and it carries on as a worker of
     * the managers it knew.
     */
    private void demote(ManagerMembership mm) {
        lock.lock();
        try {
            if (closed || membership != mm) {
                return;
            }
            String self = mm.state().nodeId();
            List<String> managers = mm.store.<List<String>>view(tx -> tx.all(Table.NODES).stream()
                    .filter(n -> !n.id().equals(self) && n.managerStatus() != null && n.managerStatus().addr() != null
                            && n.spec() != null && n.spec().role() == NodeRole.MANAGER)
                    .map(n -> n.managerStatus().addr()).toList());
            if (managers.isEmpty()) {
                managers = mm.managerAddrs().stream().filter(a -> !a.equals(mm.state().advertiseAddr())).toList();
            }
            io.shoal.rpc.tls.TlsIdentity id = mm.renewer.renewNow();
            if (id.role() != NodeRole.WORKER) {
                return;
            }
            log.info("this node was demoted: continuing as a worker of {}", managers);
            membership = null;
            mm.close();
            AtomicFiles.deleteTree(settings.swarmDir().resolve("raft"));
            AtomicFiles.deleteTree(ManagerKeys.dekFile(settings.swarmDir()));
            NodeState ws = mm.state().withRole(NodeRole.WORKER).withManagers(managers).withRaftPeers(List.of());
            ws.save(settings.swarmDir());
            try {
                membership = WorkerMembership.start(ws, settings.swarmDir(), clock, executor);
            } catch (RuntimeException e) {
                fail("cannot continue as a worker after demotion: " + e.getMessage(), e);
            }
        } finally {
            changed.signalAll();
            lock.unlock();
        }
    }

    /** Docker adds the cluster port to remote addresses that lack one. */
    static List<String> remoteAddrs(List<String> given) {
        List<String> out = new ArrayList<>();
        for (String a : given == null ? List.<String>of() : given) {
            if (a == null || a.isBlank()) {
                continue;
            }
            try {
                out.add(HostPort.parse(a, "", HostPort.DEFAULT_CLUSTER_PORT).toString());
            } catch (IllegalArgumentException e) {
                throw new ShoalException.InvalidArgument("invalid remote address " + a + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new ShoalException.InvalidArgument(NEEDS_REMOTE);
        }
        return out;
    }

    /**
     * The request's listen address; the CLI's default ({@code 0.0.0.0:2377}, sent when the user gave
     * none) and an empty one mean the daemon's {@code --listen-addr}.
     */
    HostPort listenAddr(String requested) {
        if (requested == null || requested.isBlank() || requested.trim().equals(CLI_DEFAULT_LISTEN)) {
            return settings.listenAddr();
        }
        try {
            return HostPort.parse(requested, "0.0.0.0", ClusterBootstrap.DEFAULT_MANAGER_PORT);
        } catch (IllegalArgumentException e) {
            throw new ShoalException.InvalidArgument("invalid listen address " + requested + ": " + e.getMessage());
        }
    }

    /** A worker's advertised address: given, configured, or empty (the manager sees where it calls from). */
    private String advertiseForJoin(String requested, HostPort listen) {
        String given = requested != null && !requested.isBlank() ? requested : settings.advertiseAddr().orElse(null);
        if (given == null) {
            return listen.isUnspecified() ? "" : listen.toString();
        }
        try {
            return HostPort.parse(given, listen.host(), listen.port()).toString();
        } catch (IllegalArgumentException e) {
            throw new ShoalException.InvalidArgument("invalid advertise address " + given + ": " + e.getMessage());
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
     * leadership change signals {@code changed} (through reconcileManager).
     */
    private void awaitLeadership(ManagerMembership m) {
        long left = LEADER_WAIT.toNanos();
        try {
            while (!m.raft.isLeader() && left > 0) {
                left = changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!m.raft.isLeader()) {
            throw new ShoalException.Unavailable(NO_LEADER);
        }
    }

    /**
     * Like dockerd, {@code swarm init} and {@code swarm join} return once this node's own agent has a
     * session, so the {@code node ls} that follows shows it READY. Bounded; false if it did not.
     */
    private boolean awaitSession(Membership m) {
        long polls = READY_WAIT.toNanos() / READY_POLL.toNanos();
        try {
            for (long i = 0; i < polls && !isReady(m); i++) {
                changed.awaitNanos(READY_POLL.toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean ready = isReady(m);
        if (!ready) {
            log.warn("the agent of node {} has no session with a dispatcher after {}", m.state().nodeId(), READY_WAIT);
        }
        return ready;
    }

    private static boolean isReady(Membership m) {
        if (!m.agent().connected()) {
            return false;
        }
        if (!(m instanceof ManagerMembership mm)) {
            return true;
        }
        String id = m.state().nodeId();
        return mm.store.view(tx -> tx.get(Table.NODES, id))
                .map(n -> n.status() != null && n.status().state() == io.shoal.api.NodeState.READY).orElse(false);
    }

    /**
     * Leaves the swarm: stops the agent (its session is dropped, so the managers see this node DOWN
     * at once), the rest of the membership, removes the tasks' containers (as dockerd does on leave)
     * and wipes the swarm state. A manager must be forced: it takes the swarm with it.
     */
    @Override
    public void leave(boolean force) {
        lock.lock();
        try {
            if (resuming != null) {
                throw new ShoalException.Unavailable(STARTING);
            }
            Membership m = membership;
            if (m == null && locked != null) {
                if (!force) {
                    throw new ShoalException.Unavailable(SwarmErrors.LAST_MANAGER_LEAVING);
                }
                // dockerd lets a locked manager leave by force: its state goes, tasks keep running
                AtomicFiles.deleteTree(settings.swarmDir());
                locked = null;
                changed.signalAll();
                return;
            }
            if (m == null) {
                if (!error.isEmpty() && force) {
                    // a membership that could not be resumed: forget it
                    AtomicFiles.deleteTree(settings.swarmDir());
                    error = "";
                    return;
                }
                throw new ShoalException.Unavailable(SwarmErrors.NOT_IN_SWARM);
            }
            if (m.role() == NodeRole.MANAGER && !force) {
                throw new ShoalException.Unavailable(SwarmErrors.LAST_MANAGER_LEAVING);
            }
            List<Task> tasks = m.agent().tasks();
            membership = null;
            m.abandonSession();
            m.close();
            removeContainers(tasks);
            AtomicFiles.deleteTree(settings.swarmDir());
            changed.signalAll();
            log.info("left the swarm: node {} removed its {} task(s) and its swarm state", m.state().nodeId(),
                    tasks.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes the tasks' containers, {@link #REMOVE_PARALLELISM} at a time: one by one, a node with
     * hundreds of tasks took minutes to leave (each removal waits for its container or process to end).
     */
    private void removeContainers(List<Task> tasks) {
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(REMOVE_PARALLELISM);
        try (ExecutorService removals = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("shoal-leave-remove-", 0).factory())) {
            for (Task t : tasks) {
                removals.execute(() -> {
                    try {
                        slots.acquire();
                    } catch (InterruptedException e) {
                        return; // leaving was interrupted: what is left stays
                    }
                    try (TaskController c = executor.controller(t)) {
                        c.remove();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        log.warn("cannot remove the container of task {}: {}", t.id(), e.toString());
                    } finally {
                        slots.release();
                    }
                });
            }
        } // close() waits until every removal is done
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
