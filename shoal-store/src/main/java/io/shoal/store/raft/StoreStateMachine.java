package io.shoal.store.raft;

import static java.util.Objects.requireNonNull;

import io.shoal.store.MemoryStore;
import io.shoal.store.StoreSnapshot;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the committed log to the {@link MemoryStore}, and saves and loads the store as Ratis
 * snapshots. Ratis calls {@link #applyTransaction} and {@link #takeSnapshot} on one thread, in log
 * order, so a snapshot always matches the last applied index exactly.
 */
final class StoreStateMachine extends BaseStateMachine {
    private static final Logger log = LoggerFactory.getLogger(StoreStateMachine.class);

    private final MemoryStore store;
    private final LeadershipTracker leadership;
    private final AppliedIndex applied;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();

    StoreStateMachine(MemoryStore store, LeadershipTracker leadership, AppliedIndex applied) {
        this.store = requireNonNull(store, "store is null");
        this.leadership = requireNonNull(leadership, "leadership is null");
        this.applied = requireNonNull(applied, "applied is null");
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            loadLatestSnapshot();
        });
    }

    /** Ratis pauses the state machine before it swaps in a snapshot sent by the leader. */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** Loads the snapshot the leader just installed (the log before it is gone). */
    @Override
    public void reinitialize() throws IOException {
        loadLatestSnapshot();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        TermIndex at = TermIndex.valueOf(entry);
        ApplyOutcome outcome;
        try {
            ProposalEnvelope envelope = ProposalEnvelope.decode(entry.getStateMachineLogEntry().getLogData());
            if (envelope.appliesAt(store.index())) {
                store.apply(at.getIndex(), envelope.proposal());
                outcome = ApplyOutcome.APPLIED;
            } else {
                log.debug("entry {} read store index {} but the store is at {}: skipped", at, envelope.readIndex(),
                        store.index());
                outcome = ApplyOutcome.STALE;
            }
        } catch (RuntimeException e) {
            // Every member fails alike on the same entry; skip it rather than stop applying the log.
            log.error("cannot apply raft entry {}; skipped", at, e);
            advance(at);
            return CompletableFuture.failedFuture(e);
        }
        advance(at);
        return CompletableFuture.completedFuture(outcome.toMessage());
    }

    /** Configuration and leader start-up entries: nothing to apply, but the index moves on. */
    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        advance(TermIndex.valueOf(term, index));
    }

    private void advance(TermIndex at) {
        updateLastAppliedTermIndex(at);
        applied.set(at.getIndex());
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() <= 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        long started = System.nanoTime();
        StoreSnapshot snapshot = store.snapshot();
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        Path tmp = file.toPath().resolveSibling(file.getName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            snapshot.writeTo(out);
        }
        // The snapshot replaces log entries that are about to be purged: it must be on disk first.
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(file.getParentFile().toPath());
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
        log.info("snapshot of the store at {} ({} bytes) written in {} ms", last, file.length(),
                (System.nanoTime() - started) / 1_000_000);
        return last.getIndex();
    }

    private void loadLatestSnapshot() throws IOException {
        SingleFileSnapshotInfo latest = storage.loadLatestSnapshot();
        if (latest == null) {
            return;
        }
        Path path = latest.getFile().getPath();
        if (!Files.exists(path)) {
            log.warn("snapshot file {} is missing; starting without it", path);
            return;
        }
        long started = System.nanoTime();
        if (latest.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(path.toFile(), latest.getFile().getFileDigest());
        }
        StoreSnapshot snapshot;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            snapshot = StoreSnapshot.readFrom(in);
        }
        store.restore(snapshot);
        TermIndex at = latest.getTermIndex();
        setLastAppliedTermIndex(at);
        applied.set(at.getIndex());
        log.info("store restored from snapshot {} (store index {}) in {} ms", at, snapshot.index(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            log.debug("cannot fsync directory {}", dir, e);
        }
    }

    // ---- leadership --------------------------------------------------------------------------

    @Override
    public void notifyLeaderReady() {
        if (isLeaderNow()) {
            leadership.leaderReady();
        }
    }

    @Override
    public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
        leadership.notLeader();
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        if (!groupMemberId.getPeerId().equals(newLeaderId)) {
            leadership.notLeader();
        }
        leadership.leaderElected();
    }

    @Override
    public void notifyServerShutdown(RoleInfoProto roleInfo, boolean allServer) {
        leadership.notLeader();
    }

    /** Ready is told from the apply thread; make sure this member did not step down meanwhile. */
    private boolean isLeaderNow() {
        try {
            return getServer().join().getDivision(getGroupId()).getInfo().isLeader();
        } catch (IOException e) {
            return false;
        }
    }
}
