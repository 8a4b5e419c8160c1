package io.shoal.store.raft;

import static java.util.Objects.requireNonNull;

import io.shoal.store.MemoryStore;
import io.shoal.store.StoreAction;
import io.shoal.store.StoreSnapshot;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
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
 * order, so the copy a snapshot is written from matches the last applied index exactly.
 */
final class StoreStateMachine extends BaseStateMachine {
    private static final Logger log = LoggerFactory.getLogger(StoreStateMachine.class);
    private static final String TMP_SUFFIX = ".tmp";
    /** The newest snapshot and one before it, in case the newest turns out damaged. */
    private static final int SNAPSHOTS_RETAINED = 2;
    private static final SnapshotRetentionPolicy RETENTION = new SnapshotRetentionPolicy() {
        @Override
        public int getNumSnapshotsRetained() {
            return SNAPSHOTS_RETAINED;
        }
    };
    private static final Duration SNAPSHOT_CLOSE_WAIT = Duration.ofSeconds(30);
    /** How often the leader decodes one of its own entries to check it against what it applies. */
    static final long LEADER_CHECK_EVERY = 64;

    private final SnapshotPolicy snapshots;
    private final MemoryStore store;
    private final LeadershipTracker leadership;
    private final AppliedIndex applied;
    private final LocalProposals local;
    /** Opens sealed entries and snapshots, seals new snapshots; null: clear (tests and tools only). */
    private final io.shoal.store.crypto.DataKey key;
    /** Entries applied from the objects this member proposed, and entries decoded from the log (for tests). */
    private final AtomicLong appliedAsWritten = new AtomicLong();
    private final AtomicLong decoded = new AtomicLong();
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final ExecutorService snapshotWriter;
    /** The snapshot being written, if any: one at a time. Only the apply thread sets it. */
    private volatile Future<?> writing;
    /** Changes applied since the last snapshot started. Apply thread only. */
    private long changesSinceSnapshot;
    /** The newest snapshot index Ratis has heard (it knows the one loaded at start). Apply thread only. */
    private long reportedIndex = RaftLog.INVALID_LOG_INDEX;
    /**
     * The newest complete snapshot on disk, kept here rather than asked of the storage: Ratis 3.3's
     * storage looks on disk when it knows none yet, and a snapshot landing meanwhile made that
     * throw (NullPointerException on the apply thread, which stopped the member).
     */
    private volatile SingleFileSnapshotInfo latestSnapshot;
    /** Orders finding snapshots on disk against a snapshot landing. */
    private final Object snapshotFiles = new Object();

    StoreStateMachine(String memberId, SnapshotPolicy snapshots, MemoryStore store, LeadershipTracker leadership,
            AppliedIndex applied, LocalProposals local) {
        this(memberId, snapshots, store, leadership, applied, local, null);
    }

    StoreStateMachine(String memberId, SnapshotPolicy snapshots, MemoryStore store, LeadershipTracker leadership,
            AppliedIndex applied, LocalProposals local, io.shoal.store.crypto.DataKey key) {
        this.key = key;
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.store = requireNonNull(store, "store is null");
        this.leadership = requireNonNull(leadership, "leadership is null");
        this.applied = requireNonNull(applied, "applied is null");
        this.local = requireNonNull(local, "local is null");
        this.snapshotWriter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "shoal-raft-snapshot-" + memberId);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            removeUnfinishedSnapshots();
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
        StateMachineLogEntryProto data = entry.getStateMachineLogEntry();
        ApplyOutcome outcome;
        try {
            // The leader's own entry: apply the objects it encoded rather than decode them again.
            StoreAction.Proposal proposal = local.find(data.getClientId(), data.getCallId());
            if (proposal == null) {
                proposal = ProposalEnvelope.decode(data.getLogData(), key);
                decoded.incrementAndGet();
            } else if (appliedAsWritten.incrementAndGet() % LEADER_CHECK_EVERY == 0) {
                proposal = checkedAgainstLog(proposal, data, at);
            }
            changesSinceSnapshot += proposal.actions().size();
            if (store.apply(at.getIndex(), proposal, () -> advance(at))) {
                outcome = ApplyOutcome.APPLIED;
            } else {
                log.debug("entry {} was built on a store that changed since: skipped", at);
                outcome = ApplyOutcome.STALE;
            }
            return CompletableFuture.completedFuture(outcome.toMessage());
        } catch (ProposalEnvelope.UnknownFormatException e) {
            // Thrown, not skipped: Ratis stops this member instead of letting it drift from the others.
            log.error("cannot apply raft entry {}: {}", at, e.getMessage());
            applied.fail(e);
            throw e;
        } catch (RuntimeException e) {
            // Every member fails alike on the same entry; skip it rather than stop applying the log.
            log.error("cannot apply raft entry {}; skipped", at, e);
            advance(at);
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The other members apply what they decode; the leader, what it encoded. Now and then the
     * leader checks that the two agree, and if they do not (a codec fault) says so loudly and
     * applies what the others do.
     */
    private StoreAction.Proposal checkedAgainstLog(StoreAction.Proposal written, StateMachineLogEntryProto data,
            TermIndex at) {
        StoreAction.Proposal logged = ProposalEnvelope.decode(data.getLogData(), key);
        if (logged.equals(written)) {
            return written;
        }
        log.error("raft entry {} does not read back as the leader wrote it; applying it as the other members do."
                + " Written: {}; read back: {}", at, written, logged);
        return logged;
    }

    long entriesAppliedAsWritten() {
        return appliedAsWritten.get();
    }

    long entriesDecoded() {
        return decoded.get();
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

    /** The newest complete snapshot on disk, from memory (see {@link #latestSnapshot}). */
    @Override
    public SingleFileSnapshotInfo getLatestSnapshot() {
        return latestSnapshot;
    }

    /**
     * Starts writing a snapshot of the store as of the last applied entry, and returns the index of
     * the newest snapshot already on disk (Ratis purges the log up to it).
     * <p>
     * Writing tens of megabytes takes seconds, and Ratis applies nothing while this method runs, so
     * only the copy of the store happens here (the objects are immutable: a cheap copy of
     * references); serialising, fsync and MD5 happen on the snapshot thread. Until that write is
     * done Ratis keeps asking; it hears each finished snapshot's index once, and "none" meanwhile.
     */
    @Override
    public long takeSnapshot() {
        SingleFileSnapshotInfo latest = latestSnapshot;
        long latestIndex = latest == null ? RaftLog.INVALID_LOG_INDEX : latest.getIndex();
        TermIndex last = getLastAppliedTermIndex();
        Future<?> previous = writing;
        // Ratis asks again on every apply until it hears of a new snapshot: a finished write must
        // not start the next one before another interval of entries has been applied.
        if ((previous == null || previous.isDone()) && last != null && snapshots.enabled()
                && snapshots.due(last.getIndex() - Math.max(latestIndex, 0), changesSinceSnapshot,
                        store::objectCount)) {
            StoreSnapshot snapshot = store.snapshot(); // on the apply thread: exactly the state at `last`
            changesSinceSnapshot = 0;
            try {
                writing = snapshotWriter.submit(() -> writeSnapshot(snapshot, last));
            } catch (RejectedExecutionException e) {
                log.debug("snapshot at {} not started: closing", last);
            }
        }
        if (latestIndex > reportedIndex) {
            reportedIndex = latestIndex;
            return latestIndex;
        }
        return RaftLog.INVALID_LOG_INDEX;
    }

    private void writeSnapshot(StoreSnapshot snapshot, TermIndex at) {
        long started = System.nanoTime();
        File file = storage.getSnapshotFile(at.getTerm(), at.getIndex());
        try {
            MD5Hash digest = writeSnapshotFile(snapshot, file, key);
            synchronized (snapshotFiles) {
                SingleFileSnapshotInfo written = new SingleFileSnapshotInfo(new FileInfo(file.toPath(), digest), at);
                latestSnapshot = storage.updateLatestSnapshot(written);
                storage.cleanupOldSnapshots(RETENTION);
            }
            log.info("snapshot of the store at {} ({} objects, {} bytes) written in {} ms", at,
                    snapshot.tables().values().stream().mapToInt(List::size).sum(), file.length(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            log.error("writing the snapshot of the store at {} failed; the log is kept", at, e);
        }
    }

    /**
     * Writes {@code snapshot} to {@code file} durably, its MD5 file beside it: a snapshot file under
     * its final name is complete and has its checksum. A write that fails leaves no file.
     */
    static MD5Hash writeSnapshotFile(StoreSnapshot snapshot, File file) throws IOException {
        return writeSnapshotFile(snapshot, file, null);
    }

    /** {@link #writeSnapshotFile(StoreSnapshot, File)} sealed with {@code key} (none if null). */
    static MD5Hash writeSnapshotFile(StoreSnapshot snapshot, File file, io.shoal.store.crypto.DataKey key)
            throws IOException {
        Path tmp = file.toPath().resolveSibling(file.getName() + TMP_SUFFIX);
        try {
            MessageDigest md5 = MD5FileUtil.newMD5();
            try (OutputStream out = SnapshotSealing.seal(key, new DigestOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), md5))) {
                snapshot.writeTo(out);
            }
            // The snapshot replaces log entries that are purged once it is known: disk first.
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            // The checksum goes first, so a snapshot file under its final name always has one.
            MD5Hash digest = MD5Hash.newInstance(md5.digest());
            MD5FileUtil.saveMD5File(file, digest);
            Files.move(tmp, file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(file.getParentFile().toPath());
            return digest;
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // left for the next start to remove
            }
            throw e;
        }
    }

    /** Lets a snapshot being written finish (bounded), then stops the snapshot thread. */
    @Override
    public void close() {
        snapshotWriter.shutdown();
        try {
            if (!snapshotWriter.awaitTermination(SNAPSHOT_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("snapshot still being written after {}; abandoned", SNAPSHOT_CLOSE_WAIT);
                snapshotWriter.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            snapshotWriter.shutdownNow();
        }
    }

    private void loadLatestSnapshot() throws IOException {
        SingleFileSnapshotInfo latest;
        synchronized (snapshotFiles) {
            latest = storage.loadLatestSnapshot();
            latestSnapshot = latest;
        }
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
        try (InputStream in = SnapshotSealing.open(key, new BufferedInputStream(Files.newInputStream(path), 1 << 16))) {
            snapshot = StoreSnapshot.readFrom(in);
        }
        store.restore(snapshot);
        TermIndex at = latest.getTermIndex();
        setLastAppliedTermIndex(at);
        applied.set(at.getIndex());
        reportedIndex = at.getIndex();
        log.info("store restored from snapshot {} (store index {}) in {} ms", at, snapshot.index(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** A snapshot write cut short (crash, or abandoned at close) leaves its temporary file. */
    private void removeUnfinishedSnapshots() throws IOException {
        File dir = storage.getSnapshotFile(0, 0).getParentFile();
        if (!dir.isDirectory()) {
            return;
        }
        try (DirectoryStream<Path> tmps = Files.newDirectoryStream(dir.toPath(), "snapshot.*" + TMP_SUFFIX)) {
            for (Path tmp : tmps) {
                log.info("removing unfinished snapshot {}", tmp);
                Files.deleteIfExists(tmp);
            }
        }
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
