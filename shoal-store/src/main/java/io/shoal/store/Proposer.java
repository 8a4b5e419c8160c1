package io.shoal.store;

/**
 * Where committed transactions go: Raft on a manager, straight into the store in unit tests.
 * {@link #propose} returns once the proposal is applied to the local store, or throws
 * (ShoalException.Unavailable when there is no leader or this node cannot write).
 */
public interface Proposer {
    void propose(StoreAction.Proposal proposal);

    /**
     * Proposes a transaction that read the store at {@code readIndex}. A proposer that can see the
     * store moved on since (Raft, around a change of leader) refuses it with SequenceConflict instead
     * of committing a write built on a stale read; the default ignores the index.
     */
    default void propose(StoreAction.Proposal proposal, long readIndex) {
        propose(proposal);
    }
}
