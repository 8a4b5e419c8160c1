package io.shoal.store.raft;

import static java.util.Objects.requireNonNull;

import io.shoal.api.ShoalException;
import io.shoal.store.MemoryStore;
import io.shoal.store.Proposer;
import io.shoal.store.StoreAction;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * Commits store transactions through Raft from the leader, in process (no network hop), and
 * returns once the local store has applied them.
 * <p>
 * Only the leader writes: its store holds every committed entry, so the transaction it checked
 * is the one that commits. A follower, a member without a leader, or a proposal that does not
 * commit in time fails with Docker's "no leader" error. A proposal retried after the leader was
 * not yet ready keeps its call ID, so Ratis' retry cache never applies it twice.
 */
final class RaftProposer implements Proposer {
    static final String NO_LEADER = "The swarm does not have a leader. It's possible that too few managers are"
            + " online. Make sure more than half of the managers are online.";

    private final RaftServer.Division division;
    private final MemoryStore store;
    private final LeadershipTracker leadership;
    private final AppliedIndex applied;
    private final Duration timeout;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private volatile boolean closed;

    RaftProposer(RaftServer.Division division, MemoryStore store, LeadershipTracker leadership, AppliedIndex applied,
            Duration timeout) {
        this.division = requireNonNull(division, "division is null");
        this.store = requireNonNull(store, "store is null");
        this.leadership = requireNonNull(leadership, "leadership is null");
        this.applied = requireNonNull(applied, "applied is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    @Override
    public void propose(StoreAction.Proposal proposal) {
        propose(proposal, ProposalEnvelope.UNCONDITIONAL);
    }

    @Override
    public void propose(StoreAction.Proposal proposal, long readIndex) {
        ProposalEnvelope envelope = new ProposalEnvelope(readIndex, proposal);
        ByteString data = envelope.encode();
        if (data.size() > RatisSettings.MAX_PROPOSAL_BYTES) {
            throw new ShoalException.InvalidArgument("transaction is too large: " + data.size()
                    + " bytes, the limit is " + RatisSettings.MAX_PROPOSAL_BYTES);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            awaitReadyLeader(deadline);
            // Fail fast on a stale read; the state machine checks again where it counts.
            if (!envelope.appliesAt(store.index())) {
                throw new ShoalException.SequenceConflict("update out of sequence");
            }
            RaftClientRequest request = RaftClientRequest.newBuilder()
                    .setClientId(clientId)
                    .setServerId(division.getId())
                    .setGroupId(division.getGroup().getGroupId())
                    .setCallId(callIds.incrementAndGet())
                    .setMessage(Message.valueOf(data))
                    .setType(RaftClientRequest.writeRequestType())
                    .build();
            RaftClientReply reply = submit(request, deadline);
            if (ApplyOutcome.of(reply.getMessage()) == ApplyOutcome.STALE) {
                throw new ShoalException.SequenceConflict("update out of sequence");
            }
            // The leader replies after its own apply; this only guards that promise.
            if (!applied.await(reply.getLogIndex(), remaining(deadline))) {
                throw unavailable(null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    void close() {
        closed = true;
        leadership.leaderElected(); // wake proposals waiting for a leader
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
            Optional<RaftPeerId> leader = Optional.ofNullable(division.getInfo().getLeaderId());
            if (leader.isPresent() && !leader.get().equals(division.getId())) {
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

    private RaftClientReply submit(RaftClientRequest request, long deadline) throws InterruptedException {
        while (true) {
            if (closed) {
                throw unavailable(null);
            }
            RaftClientReply reply;
            try {
                CompletableFuture<RaftClientReply> f = division.getRaftServer().submitClientRequestAsync(request);
                reply = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (IOException | ExecutionException | TimeoutException e) {
                // Unknown outcome: the entry may still commit. The read index makes sure that a
                // later transaction built before it landed cannot commit on top of it.
                throw unavailable(e);
            }
            if (reply.isSuccess()) {
                return reply;
            }
            RaftException e = reply.getException();
            if (e instanceof LeaderNotReadyException && deadline - System.nanoTime() > 0) {
                awaitReadyLeader(deadline);
                continue; // same call ID: the retry cache answers if the first try did commit
            }
            if (reply.getStateMachineException() != null) {
                throw new ShoalException.Internal("the store could not apply the transaction", e);
            }
            throw unavailable(e);
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static ShoalException.Unavailable unavailable(Throwable cause) {
        return cause == null
                ? new ShoalException.Unavailable(NO_LEADER)
                : new ShoalException.Unavailable(NO_LEADER, cause);
    }
}
