package io.shoal.store;

import io.shoal.api.ShoalException;
import java.util.concurrent.CompletableFuture;

/**
 * Where committed transactions go: Raft on a manager, straight into the store in unit tests.
 * The committed proposal reaches the store through {@link MemoryStore#apply}, which applies it
 * only if its {@link StoreAction.Guard} still holds.
 */
public interface Proposer {
    /**
     * Commits {@code proposal} and returns once the local store applied it; throws
     * SequenceConflict if its guard no longer held, Unavailable when there is no leader or this
     * node cannot write.
     */
    void propose(StoreAction.Proposal proposal);

    /** {@link #propose(StoreAction.Proposal)} for a transaction that read the store at {@code readIndex}. */
    default void propose(StoreAction.Proposal proposal, long readIndex) {
        propose(proposal.withGuard(StoreAction.Guard.readIndex(readIndex)));
    }

    /**
     * Starts committing {@code proposal}. Proposals submitted one after another reach the log in
     * that order, so a transaction may be built on writes still on their way. The future completes
     * once the local store applied the proposal, or exceptionally as {@link #propose} would throw.
     * This default commits synchronously.
     */
    default CompletableFuture<Void> submit(StoreAction.Proposal proposal) {
        try {
            propose(proposal);
            return CompletableFuture.completedFuture(null);
        } catch (ShoalException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
