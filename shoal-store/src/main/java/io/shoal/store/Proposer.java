package io.shoal.store;

/**
 * Where committed transactions go: Raft on a manager, straight into the store in unit tests.
 * {@link #propose} returns once the proposal is applied to the local store, or throws
 * (ShoalException.Unavailable when there is no leader or this node cannot write).
 */
public interface Proposer {
    void propose(StoreAction.Proposal proposal);
}
