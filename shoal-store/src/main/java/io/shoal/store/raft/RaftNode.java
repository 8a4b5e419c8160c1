package io.shoal.store.raft;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.shoal.api.ShoalException;
import io.shoal.store.MemoryStore;
import io.shoal.store.StoreSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This manager's member of the Raft group that replicates the {@link MemoryStore}.
 * <p>
 * {@link #start} recovers the latest snapshot and the log after it from {@code dataDir/raft},
 * installs a proposer in the store, and returns once the store holds every entry this member
 * knows to be committed (for a one-member group: every entry in its log, after it elected
 * itself). From then on writes through the store commit through Raft: on the leader they return
 * once applied to the local store; elsewhere they fail with Docker's "no leader" error.
 */
public final class RaftNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RaftNode.class);

    /** A manager belongs to one swarm, so every Shoal Raft group has this one ID. */
    static final RaftGroupId GROUP_ID =
            RaftGroupId.valueOf(UUID.nameUUIDFromBytes("io.shoal.swarm".getBytes(UTF_8)));
    /** A new member must catch up (perhaps from a snapshot) before its addition commits. */
    private static final Duration MEMBERSHIP_TIMEOUT = Duration.ofMinutes(1);
    /** Start-up replays the local log for as long as it makes progress; this long without progress is a failure. */
    private static final Duration REPLAY_STALL_TIMEOUT = Duration.ofMinutes(1);

    private final RaftConfig config;
    private final RaftServer server;
    private final RaftServer.Division division;
    private final LeadershipTracker leadership;
    private final AppliedIndex applied;
    private final RaftProposer proposer;
    private final ClientId adminClientId = ClientId.randomId();
    private final AtomicLong adminCallIds = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private RaftNode(RaftConfig config, RaftServer server, LeadershipTracker leadership, AppliedIndex applied,
            MemoryStore store, LocalProposals local, io.shoal.store.crypto.DataKey key) throws IOException {
        this.config = config;
        this.server = server;
        this.division = server.getDivision(GROUP_ID);
        this.leadership = leadership;
        this.applied = applied;
        this.proposer = new RaftProposer(division, store, leadership, applied, config.requestTimeout(), local,
                key);
    }

    /**
     * Starts this member on {@code store}, which must be new and empty: it is filled from the
     * snapshot and log in {@code config.dataDir()}.
     */
    public static RaftNode start(RaftConfig config, MemoryStore store) throws IOException {
        requireNonNull(config, "config is null");
        return start(config, store, SnapshotPolicy.of(config));
    }

    /**
     * Starts this member with every log entry and snapshot sealed with {@code key}, the data key
     * all members of the group share (see {@link io.shoal.store.crypto.DataKey}).
     */
    public static RaftNode start(RaftConfig config, MemoryStore store, io.shoal.store.crypto.DataKey key)
            throws IOException {
        requireNonNull(config, "config is null");
        requireNonNull(key, "key is null");
        return start(config, store, SnapshotPolicy.of(config), key);
    }

    static RaftNode start(RaftConfig config, MemoryStore store, SnapshotPolicy snapshots) throws IOException {
        return start(config, store, snapshots, null);
    }

    static RaftNode start(RaftConfig config, MemoryStore store, SnapshotPolicy snapshots,
            io.shoal.store.crypto.DataKey key) throws IOException {
        requireNonNull(config, "config is null");
        requireNonNull(store, "store is null");
        Files.createDirectories(raftDir(config.dataDir()));
        StoreFormat.checkOrInit(raftDir(config.dataDir()));
        long started = System.nanoTime();
        LeadershipTracker leadership = new LeadershipTracker(config.memberId());
        AppliedIndex applied = new AppliedIndex();
        LocalProposals local = new LocalProposals();
        RaftServer server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(config.memberId()))
                .setGroup(RaftGroup.valueOf(GROUP_ID, Peers.toRatis(config.bootstrapPeers())))
                .setStateMachine(new StoreStateMachine(config.memberId(), snapshots, store,
                        leadership, applied, local, key))
                .setProperties(RatisSettings.properties(config))
                .setParameters(RatisSettings.parameters(config))
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        RaftNode node;
        try {
            server.start();
            node = new RaftNode(config, server, leadership, applied, store, local, key);
            store.setProposer(node.proposer);
            node.warnIfAddressMoved();
            node.awaitRestored();
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            leadership.close();
            throw e;
        }
        log.info("raft member {} on {} started in {} ms: applied index {}, store index {}, members {}",
                config.memberId(), Peers.addressString(config.address()), (System.nanoTime() - started) / 1_000_000,
                node.appliedIndex(), store.index(), node.members());
        return node;
    }

    /**
     * Makes this member's Raft state that of a new group in which it is the only member, holding
     * {@code state}: {@code swarm init --force-new-cluster} on a manager that lost its quorum. The
     * old log and snapshots move aside to {@code raft.<millis>.old} (kept, never read again). The
     * next {@link #start} with this member alone as its peers elects it at once, and the log goes on
     * after {@code state.index()}, so every version already handed out stays older than new ones.
     *
     * @return where the old Raft state now is
     */
    public static Path reseed(Path dataDir, StoreSnapshot state, long nowMillis) throws IOException {
        return reseed(dataDir, state, nowMillis, null);
    }

    /** {@link #reseed(Path, StoreSnapshot, long)} with the snapshot sealed with {@code key} (none if null). */
    public static Path reseed(Path dataDir, StoreSnapshot state, long nowMillis, io.shoal.store.crypto.DataKey key)
            throws IOException {
        requireNonNull(state, "state is null");
        Path raft = raftDir(dataDir);
        Path old = raft.resolveSibling("raft." + nowMillis + ".old");
        if (Files.exists(raft)) {
            Files.move(raft, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.createDirectories(raft);
        StoreFormat.checkOrInit(raft);
        // Ratis formats the group's directory itself (a directory it did not format is cleared on
        // start); the snapshot goes into its state machine directory. Term 0 keeps the new
        // group's first term (1) from ever being older than the snapshot's.
        Path group = Files.createDirectories(raft.resolve(GROUP_ID.getUuid().toString()));
        try (RaftStorage storage = RaftStorage.newBuilder().setDirectory(group.toFile())
                .setOption(RaftStorage.StartupOption.FORMAT)
                .setStorageFreeSpaceMin(RaftServerConfigKeys.STORAGE_FREE_SPACE_MIN_DEFAULT).build()) {
            storage.initialize();
            Path sm = Files.createDirectories(storage.getStorageDir().getStateMachineDir().toPath());
            StoreStateMachine.writeSnapshotFile(state,
                    sm.resolve(SimpleStateMachineStorage.getSnapshotFileName(0, state.index())).toFile(), key);
        }
        log.warn("raft state replaced by a one-member group holding the store at index {} ({} objects);"
                + " the old state is in {}", state.index(),
                state.tables().values().stream().mapToInt(List::size).sum(), old);
        return old;
    }

    /** Where the Raft log and snapshots live under a node's data directory. */
    static Path raftDir(Path dataDir) {
        return dataDir.resolve("raft");
    }

    /**
     * Whether this member leads and its store holds every committed write (a new leader first
     * applies what earlier leaders committed).
     */
    public boolean isLeader() {
        return !closed.get() && leadership.isLeading();
    }

    /** The member ID of the leader this member knows of, if any. */
    public Optional<String> leaderId() {
        if (closed.get()) {
            return Optional.empty();
        }
        return Optional.ofNullable(division.getInfo().getLeaderId()).map(RaftPeerId::toString);
    }

    /**
     * Adds {@code listener}. If this member already leads, the listener hears {@code becameLeader}
     * right away (on the leadership thread, like every call).
     */
    public void addLeadershipListener(LeadershipListener listener) {
        leadership.addListener(listener);
    }

    /** The voting members of the group, by member ID. */
    public List<RaftPeer> members() {
        return Peers.fromRatis(division.getRaftConf().getCurrentPeers());
    }

    /**
     * Whether the local store holds everything the group had committed when this member last heard
     * from its leader: true on a ready leader; on a follower, once it applied up to the commit index
     * the leader reported (Ratis passes every member's commit index along with its appends). False
     * while no leader is known or while a member replays or catches up, when the store shows a past
     * state of the cluster.
     */
    public boolean caughtUp() {
        if (isLeader()) {
            return true;
        }
        Optional<String> leader = leaderId();
        if (leader.isEmpty()) {
            return false;
        }
        long leaderCommit = division.getCommitInfos().stream()
                .filter(c -> leader.get().equals(RaftPeerId.valueOf(c.getServer().getId()).toString()))
                .mapToLong(org.apache.ratis.proto.RaftProtos.CommitInfoProto::getCommitIndex)
                .findFirst().orElse(Long.MAX_VALUE);
        return applied.get() >= leaderCommit;
    }

    /** The last Raft log index applied to the local store (configuration entries included). */
    public long appliedIndex() {
        return applied.get();
    }

    /**
     * Adds a member to the group; only on the leader. The new member must be running (started
     * with initial peers that do not list it) and reachable at its address; this returns once it
     * caught up and the new membership committed.
     */
    public void addMember(RaftPeer peer) {
        requireNonNull(peer, "peer is null");
        Collection<org.apache.ratis.protocol.RaftPeer> current = division.getRaftConf().getCurrentPeers();
        List<org.apache.ratis.protocol.RaftPeer> next = new ArrayList<>(current);
        for (org.apache.ratis.protocol.RaftPeer p : current) {
            if (p.getId().toString().equals(peer.memberId())) {
                if (p.getAddress().equals(Peers.addressString(peer.address()))) {
                    return;
                }
                throw new ShoalException.Conflict("raft member " + peer.memberId() + " already exists at "
                        + p.getAddress());
            }
        }
        next.add(Peers.toRatis(peer));
        changeMembers(current, next);
        log.info("raft member {} at {} added", peer.memberId(), Peers.addressString(peer.address()));
    }

    /**
     * Removes a member from the group; only on the leader. Removing the leader itself makes it
     * step down once the new membership commits.
     */
    public void removeMember(String memberId) {
        requireNonNull(memberId, "memberId is null");
        Collection<org.apache.ratis.protocol.RaftPeer> current = division.getRaftConf().getCurrentPeers();
        List<org.apache.ratis.protocol.RaftPeer> next = current.stream()
                .filter(p -> !p.getId().toString().equals(memberId))
                .toList();
        if (next.size() == current.size()) {
            throw new ShoalException.NotFound("raft member " + memberId + " not found");
        }
        if (next.isEmpty()) {
            throw new ShoalException.InvalidArgument("cannot remove the last raft member " + memberId);
        }
        changeMembers(current, next);
        log.info("raft member {} removed", memberId);
    }

    private void changeMembers(Collection<org.apache.ratis.protocol.RaftPeer> current,
            List<org.apache.ratis.protocol.RaftPeer> next) {
        if (!isLeader()) {
            throw new ShoalException.Unavailable(RaftProposer.NO_LEADER);
        }
        SetConfigurationRequest request = new SetConfigurationRequest(adminClientId, division.getId(), GROUP_ID,
                adminCallIds.incrementAndGet(), SetConfigurationRequest.Arguments.newBuilder()
                        .setServersInCurrentConf(List.copyOf(current))
                        .setServersInNewConf(next)
                        .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
                        .build());
        RaftClientReply reply;
        try {
            reply = server.setConfigurationAsync(request).get(MEMBERSHIP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShoalException.Unavailable(RaftProposer.NO_LEADER, e);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new ShoalException.Unavailable("changing the raft membership did not complete: " + e.getMessage(),
                    e);
        }
        if (!reply.isSuccess()) {
            if (reply.getNotLeaderException() != null || reply.getException() instanceof NotLeaderException) {
                throw new ShoalException.Unavailable(RaftProposer.NO_LEADER, reply.getException());
            }
            throw new ShoalException.Unavailable("changing the raft membership failed: "
                    + reply.getException().getMessage(), reply.getException());
        }
    }

    /** Stops this member; writes through the store fail with Unavailable from now on. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        proposer.close();
        closeQuietly(server);
        leadership.close();
        log.info("raft member {} stopped at applied index {}", config.memberId(), applied.get());
    }

    /** Waits up to {@code timeout} until the local store has applied log index {@code index}. */
    public boolean awaitApplied(long index, Duration timeout) throws InterruptedException {
        return applied.await(index, timeout);
    }

    RaftProposer proposer() {
        return proposer;
    }

    RaftServer.Division division() {
        return division;
    }

    /** Waits for the replay of what this member knows is committed, and for a one-member group's own election. */
    private void awaitRestored() throws IOException {
        try {
            long committed = division.getRaftLog().getLastCommittedIndex();
            if (onlyVoterIsSelf()) {
                // Alone, this member commits its whole log once it leads again, and it leads only
                // after applying it: a long replay is waited for as long as it makes progress.
                committed = Math.max(committed, division.getRaftLog().getLastEntryTermIndex() == null
                        ? 0 : division.getRaftLog().getLastEntryTermIndex().getIndex());
            }
            if (!applied.awaitProgressing(committed, REPLAY_STALL_TIMEOUT)) {
                throw new IOException("replaying the raft log stalled at index " + applied.get() + " of " + committed);
            }
            if (onlyVoterIsSelf()) {
                long deadline = System.nanoTime() + config.requestTimeout().toNanos();
                while (!leadership.isLeading()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        log.warn("raft member {} did not elect itself within {}", config.memberId(),
                                config.requestTimeout());
                        return;
                    }
                    leadership.awaitChange(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while restoring the store", e);
        }
    }

    /** The membership stored in the log, not the configuration, says where the others dial this member. */
    private void warnIfAddressMoved() {
        members().stream()
                .filter(p -> p.memberId().equals(config.memberId()) && !p.address().equals(config.address()))
                .findFirst()
                .ifPresent(p -> log.warn("raft member {} listens on {} but the group knows it at {}; other members"
                        + " cannot reach it until it is re-added", config.memberId(),
                        Peers.addressString(config.address()), Peers.addressString(p.address())));
    }

    private boolean onlyVoterIsSelf() {
        Collection<org.apache.ratis.protocol.RaftPeer> peers = division.getRaftConf().getCurrentPeers();
        return peers.size() == 1 && peers.iterator().next().getId().equals(division.getId());
    }

    private static void closeQuietly(RaftServer server) {
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            log.warn("closing the raft server failed", e);
        }
    }
}
