package io.shoal.store.raft;

import static java.util.Objects.requireNonNull;

import io.shoal.api.ShoalException;
import io.shoal.store.MemoryStore;
import io.shoal.store.Proposer;
import io.shoal.store.StoreAction;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * Commits store transactions through Raft from the leader, in process (no network hop).
 * <p>
 * Only the leader writes: its store holds every committed entry, so the transaction it checked
 * is the one that commits. A follower, a member without a leader, or a proposal that does not
 * commit in time fails with Docker's "no leader" error. {@link #submit} returns as soon as the
 * entry is in the log, so the next transaction can be built meanwhile and several share one
 * fsync; the entries keep the order of the calls. A proposal retried after the leader was not yet
 * ready keeps its call ID, so Ratis' retry cache never applies it twice.
 */
final class RaftProposer implements Proposer {
    static final String NO_LEADER = "The swarm does not have a leader. It's possible that too few managers are"
            + " online. Make sure more than half of the managers are online.";
    private static final long LEADER_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final RaftServer.Division division;
    private final MemoryStore store;
    private final LeadershipTracker leadership;
    private final AppliedIndex applied;
    private final Duration timeout;
    private final LocalProposals local;
    /** Seals every entry; null: entries in clear (tests and tools only). */
    private final io.shoal.store.crypto.DataKey key;
    private final AtomicLong callIds = new AtomicLong();
    /** Times out proposals and retries those that met a leader not ready yet. */
    private final ScheduledExecutorService timer;
    /** Proposals not answered yet: closing fails them (a retry the timer no longer runs must not hang its writer). */
    private final Set<CompletableFuture<Long>> outstanding = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    RaftProposer(RaftServer.Division division, MemoryStore store, LeadershipTracker leadership, AppliedIndex applied,
            Duration timeout, LocalProposals local) {
        this(division, store, leadership, applied, timeout, local, null);
    }

    RaftProposer(RaftServer.Division division, MemoryStore store, LeadershipTracker leadership, AppliedIndex applied,
            Duration timeout, LocalProposals local, io.shoal.store.crypto.DataKey key) {
        this.key = key;
        this.division = requireNonNull(division, "division is null");
        this.store = requireNonNull(store, "store is null");
        this.leadership = requireNonNull(leadership, "leadership is null");
        this.applied = requireNonNull(applied, "applied is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.local = requireNonNull(local, "local is null");
        String name = "shoal-raft-proposer-" + division.getId();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Commits and waits until the local store applied the proposal (or refused it: SequenceConflict). */
    @Override
    public void propose(StoreAction.Proposal proposal) {
        CompletableFuture<Long> committed = commit(proposal);
        long logIndex;
        try {
            logIndex = committed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
        // The leader replies after its own apply; this only guards that promise.
        try {
            if (!applied.await(logIndex, timeout)) {
                throw unavailable(null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    @Override
    public CompletableFuture<Void> submit(StoreAction.Proposal proposal) {
        return commit(proposal).thenApply(logIndex -> null);
    }

    /**
     * Appends the proposal to the log; the future completes with its log index once applied.
     * Fails at once (throws) if this member does not lead or the proposal is too large.
     */
    private CompletableFuture<Long> commit(StoreAction.Proposal proposal) {
        ByteString data = ProposalEnvelope.encode(proposal, key);
        if (data.size() > RatisSettings.MAX_PROPOSAL_BYTES) {
            throw new ShoalException.InvalidArgument("transaction is too large: " + data.size()
                    + " bytes, the limit is " + RatisSettings.MAX_PROPOSAL_BYTES);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            awaitReadyLeader(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
        // Fail fast on a stale read; the state machine checks again where it counts.
        StoreAction.Guard guard = proposal.guard();
        if (guard.after().isNone() && guard.readIndex() != StoreAction.Guard.UNCONDITIONAL
                && guard.readIndex() != store.index()) {
            throw new ShoalException.SequenceConflict("update out of sequence");
        }
        long callId = callIds.incrementAndGet();
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(local.clientId())
                .setServerId(division.getId())
                .setGroupId(division.getGroup().getGroupId())
                .setCallId(callId)
                .setMessage(Message.valueOf(data))
                .setType(RaftClientRequest.writeRequestType())
                .build();
        CompletableFuture<Long> result = new CompletableFuture<>();
        local.put(callId, proposal);
        outstanding.add(result);
        result.whenComplete((i, e) -> {
            local.remove(callId);
            outstanding.remove(result);
        });
        if (closed) {
            result.completeExceptionally(unavailable(null)); // close() may have missed it
        }
        ScheduledFuture<?> expiry = schedule(() -> result.completeExceptionally(unavailable(null)),
                deadline - System.nanoTime());
        if (expiry != null) {
            result.whenComplete((i, e) -> expiry.cancel(false));
        }
        send(request, deadline, result);
        return result;
    }

    private void send(RaftClientRequest request, long deadline, CompletableFuture<Long> result) {
        if (closed) {
            result.completeExceptionally(unavailable(null));
            return;
        }
        CompletableFuture<RaftClientReply> reply;
        try {
            // The division itself takes client requests: appending on this thread saves the hop
            // through Ratis' client executor (which the caller would wait for anyway).
            reply = division instanceof RaftClientAsynchronousProtocol direct
                    ? direct.submitClientRequestAsync(request)
                    : division.getRaftServer().submitClientRequestAsync(request);
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(unavailable(e));
            return;
        }
        reply.whenComplete((r, e) -> {
            if (e != null) {
                // Unknown outcome: the entry may still commit. Its guard makes sure that a later
                // transaction built before it landed cannot commit on top of it.
                result.completeExceptionally(unavailable(unwrap(e)));
            } else if (r.isSuccess()) {
                try {
                    if (ApplyOutcome.of(r.getMessage()) == ApplyOutcome.STALE) {
                        result.completeExceptionally(new ShoalException.SequenceConflict("update out of sequence"));
                    } else {
                        result.complete(r.getLogIndex());
                    }
                } catch (IllegalArgumentException bad) {
                    result.completeExceptionally(new ShoalException.Internal("unexpected reply", bad));
                }
            } else if (r.getException() instanceof LeaderNotReadyException && deadline - System.nanoTime() > 0) {
                // Same call ID: the retry cache answers if the first try did commit.
                retryWhenReady(request, deadline, result);
            } else if (r.getStateMachineException() != null) {
                result.completeExceptionally(new ShoalException.Internal("the store could not apply the transaction",
                        r.getException()));
            } else {
                result.completeExceptionally(unavailable(r.getException()));
            }
        });
    }

    private void retryWhenReady(RaftClientRequest request, long deadline, CompletableFuture<Long> result) {
        if (result.isDone()) {
            return;
        }
        if (closed || deadline - System.nanoTime() <= 0 || otherLeader().isPresent()) {
            result.completeExceptionally(unavailable(null));
        } else if (leadership.isLeading()) {
            send(request, deadline, result);
        } else {
            schedule(() -> retryWhenReady(request, deadline, result), LEADER_RETRY_NANOS);
        }
    }

    /** Runs {@code task} later; when closing, runs it now (it then fails the proposal) and returns null. */
    private ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        try {
            return timer.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            task.run();
            return null;
        }
    }

    void close() {
        closed = true;
        leadership.leaderElected(); // wake proposals waiting for a leader
        timer.shutdownNow();
        for (CompletableFuture<Long> f : outstanding) {
            f.completeExceptionally(unavailable(null));
        }
    }

    /** Waits until this member leads with a caught-up store; fails at once if another member leads. */
    private void awaitReadyLeader(long deadline) throws InterruptedException {
        while (true) {
            if (closed) {
                throw unavailable(null);
            }
            if (leadership.isLeading()) {
                return;
            }
            if (otherLeader().isPresent()) {
                // TODO(forwarding issue): followers will forward writes to the leader.
                throw unavailable(null);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw unavailable(null);
            }
            leadership.awaitChange(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    private Optional<RaftPeerId> otherLeader() {
        return Optional.ofNullable(division.getInfo().getLeaderId()).filter(l -> !l.equals(division.getId()));
    }

    private static Throwable unwrap(Throwable e) {
        return (e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null
                ? e.getCause() : e;
    }

    private static RuntimeException rethrow(Throwable cause) {
        return cause instanceof RuntimeException r ? r : unavailable(cause);
    }

    private static ShoalException.Unavailable unavailable(Throwable cause) {
        return cause == null
                ? new ShoalException.Unavailable(NO_LEADER)
                : new ShoalException.Unavailable(NO_LEADER, cause);
    }
}
