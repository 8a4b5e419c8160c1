package io.shoal.daemon.node;

import io.shoal.agent.Agent;
import io.shoal.agent.exec.Executor;
import io.shoal.api.logs.TaskLogs;
import io.shoal.api.time.Clock;
import io.shoal.daemon.api.ManagerAccess;
import io.shoal.daemon.config.HostPort;
import io.shoal.manager.Manager;
import io.shoal.manager.ManagerConfig;
import io.shoal.rpc.ca.NodeEnrollment;
import io.shoal.rpc.server.ClusterRpcServer;
import io.shoal.rpc.tls.ReloadableIdentity;
import io.shoal.store.MemoryStore;
import io.shoal.store.raft.RaftConfig;
import io.shoal.store.raft.RaftNode;
import io.shoal.store.raft.RaftPeer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A manager: the Raft member holding its replica of the store, the Manager (control API; its
 * loops run while this node leads), the cluster port (CA and dispatcher over mutual TLS) and an
 * agent. The agent uses the dispatcher in process while this manager leads, else the leader's over
 * the network like any worker.
 */
final class ManagerMembership extends Membership implements ManagerAccess {
    final MemoryStore store;
    final RaftNode raft;
    final Manager manager;
    final ClusterRpcServer cluster;
    final LeaderChannel leader;
    final AutolockKeeper autolock;
    private final Agent agent;

    private ManagerMembership(NodeState state, Path swarmDir, Clock clock, ReloadableIdentity identity,
                              List<String> managers, MemoryStore store, RaftNode raft, ManagerConfig config,
                              Executor executor, io.shoal.rpc.server.LocalApi api, ManagerKeys.Opened keys,
                              io.shoal.store.crypto.UnlockKey unlockedWith) {
        super(state, swarmDir, clock, identity, managers);
        this.autolock = new AutolockKeeper(swarmDir, store, raft::caughtUp, clock, keys.dataKey(), unlockedWith);
        this.store = store;
        this.raft = raft;
        this.manager = new Manager(store, clock, config, new RaftGroupMembership(raft));
        HostPort listen = HostPort.parse(state.listenAddr(), "0.0.0.0", HostPort.DEFAULT_CLUSTER_PORT);
        this.cluster = new ClusterRpcServer(listen.toSocketAddress(), identity, store, clock,
                () -> manager.isRunning() ? manager.dispatcher() : null,
                new NodeEnrollment(store, clock, NodeEnrollment.rootCaOf(store, clock)),
                new RaftGroupControl(raft, store, keys.dataKey()), withStoreIndex(api, store));
        this.leader = new LeaderChannel(identity, clock);
        this.agent = new Agent(state.nodeId(), () -> manager.isRunning() ? manager.dispatcher() : observed,
                new TlsDescribedExecutor(executor, identity),
                clock, swarmDir.resolve("agent"), SwarmNode.hostOf(state.advertiseAddr()));
    }

    /**
     * Starts Raft on the saved log (the store fills from it), the cluster port, renewal and the
     * agent; the Manager's loops follow when this node leads.
     *
     * @param raftPeers the group to join when this member has no Raft state yet: empty for a new
     *     one-member group (swarm init), else the current members (this node was added by the leader)
     * @param keys the data key and TLS identity, opened ({@link ManagerKeys#open})
     * @param unlockedWith the unlock key they were opened with; null if they were in clear
     */
    static ManagerMembership start(NodeState state, Path swarmDir, Clock clock, Executor executor,
                                   ManagerConfig config, List<RaftPeer> raftPeers, io.shoal.rpc.server.LocalApi api,
                                   ManagerKeys.Opened keys, io.shoal.store.crypto.UnlockKey unlockedWith)
            throws IOException {
        ReloadableIdentity identity = new ReloadableIdentity(keys.identity());
        HostPort raftAddr = HostPort.parse(state.raftAddr(), "0.0.0.0", HostPort.DEFAULT_RAFT_PORT);
        checkFree(raftAddr, "raft");
        MemoryStore store = new MemoryStore(clock);
        RaftConfig rc = RaftConfig.singleNode(swarmDir, state.nodeId(), raftAddr.toSocketAddress());
        List<RaftPeer> others = raftPeers.stream().filter(p -> !p.memberId().equals(state.nodeId())).toList();
        if (!others.isEmpty()) {
            rc = rc.withInitialPeers(others); // not listing itself: it waits for the leader to add it
        }
        RaftNode raft = RaftNode.start(rc, store, keys.dataKey());
        // The founding manager leads: itself first. One that joined reaches the leader through the
        // others first, as its own replica may not know it yet.
        List<String> managers = new ArrayList<>();
        if (others.isEmpty()) {
            managers.add(state.advertiseAddr());
        }
        state.managers().stream().filter(a -> !managers.contains(a)).forEach(managers::add);
        if (!managers.contains(state.advertiseAddr())) {
            managers.add(state.advertiseAddr());
        }
        ManagerMembership m;
        try {
            m = new ManagerMembership(state, swarmDir, clock, identity, managers, store, raft, config, executor, api,
                    keys, unlockedWith);
        } catch (RuntimeException e) {
            raft.close();
            throw e;
        }
        try {
            m.cluster.start();
            m.startCommon();
            m.agent.start();
            m.autolock.start();
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    /**
     * Ratis ends the whole process when its port cannot be bound: find out first, and fail this
     * membership with a message instead.
     */
    static void checkFree(HostPort addr, String what) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(addr.toSocketAddress());
        } catch (IOException e) {
            throw new io.shoal.api.ShoalException.Unavailable("cannot listen on the " + what + " address " + addr
                    + ": " + e.getMessage() + " (another process uses it; choose another with --" + what + "-addr)");
        }
    }

    @Override
    Agent agent() {
        return agent;
    }

    /** {@code api}, its answers marked with the store index they were given at (see LeaderForwarding). */
    private static io.shoal.rpc.server.LocalApi withStoreIndex(io.shoal.rpc.server.LocalApi api, MemoryStore store) {
        return (method, path, headers, body) -> {
            io.shoal.rpc.server.LocalApi.Reply r = api.handle(method, path, headers, body);
            java.util.Map<String, String> marked = new java.util.HashMap<>(r.headers());
            marked.put(io.shoal.daemon.api.LeaderForwarding.INDEX_HEADER, Long.toString(store.index()));
            return new io.shoal.rpc.server.LocalApi.Reply(r.status(), marked, r.body());
        };
    }

    /** The managers' cluster addresses in this replica, the Raft leader's first. */
    @Override
    List<String> managersSeenLocally() {
        String leaderId = raft.leaderId().orElse("");
        return store.view(tx -> tx.all(io.shoal.store.Table.NODES).stream()
                .filter(n -> n.managerStatus() != null && n.managerStatus().addr() != null)
                .sorted(java.util.Comparator.comparing((io.shoal.api.Node n) -> !n.id().equals(leaderId)))
                .map(n -> n.managerStatus().addr())
                .toList());
    }

    /** A manager reads what to trust in its own replica (root CA rotation). */
    @Override
    io.shoal.rpc.ca.TrustStatus trustStatus() {
        return io.shoal.rpc.ca.TrustStatus.of(store.view(tx -> tx.cluster()).orElseThrow(
                () -> new io.shoal.api.ShoalException.Unavailable("no cluster in this replica yet")), clock);
    }

    /** Whether this manager is a voting member of the Raft group (a new one is, once the leader added it). */
    boolean inRaftGroup() {
        String id = state().nodeId();
        return raft.members().stream().anyMatch(p -> p.memberId().equals(id));
    }

    /**
     * ManagerStatus as it is now, not as last written: the leader from Raft, reachability from the
     * node's status (SwarmKit computes it on read as well).
     */
    @Override
    public io.shoal.api.Node withLiveManagerStatus(io.shoal.api.Node n) {
        io.shoal.api.Node.ManagerStatus ms = n.managerStatus();
        if (ms == null) {
            return n;
        }
        boolean member = raft.members().stream().anyMatch(p -> p.memberId().equals(n.id()));
        boolean leader = member && raft.leaderId().map(n.id()::equals).orElse(false);
        io.shoal.api.Reachability reach = !member ? io.shoal.api.Reachability.UNKNOWN
                : leader || n.id().equals(state().nodeId())
                        || (n.status() != null && n.status().state() == io.shoal.api.NodeState.READY)
                        ? io.shoal.api.Reachability.REACHABLE : io.shoal.api.Reachability.UNREACHABLE;
        return n.withManagerStatus(new io.shoal.api.Node.ManagerStatus(leader, reach, ms.addr()));
    }

    @Override
    public MemoryStore store() {
        return store;
    }

    @Override
    public void settleKeys() {
        autolock.check();
    }

    @Override
    public Manager control() {
        return manager;
    }

    @Override
    public TaskLogs logs() {
        return agent;
    }

    /** Stops in order: agent, Manager loops, cluster port, renewal and connections, Raft. Tasks keep running. */
    @Override
    public void close() {
        quietly("stop re-sealing the keys", autolock::stop);
        quietly("stop the agent", agent::close);
        quietly("stop the manager", manager::stop);
        quietly("close the cluster port", cluster::stop);
        quietly("close the connection to the leader", leader::close);
        closeCommon();
        quietly("stop raft", raft::close);
    }
}
