package io.shoal.store;

import static java.util.Objects.requireNonNull;

import io.shoal.api.StoreObject;
import java.time.Instant;
import java.util.List;

/**
 * One change of a transaction. Creates and updates carry the object as the transaction wrote it
 * (immutable: the leader applies these very objects); deletes carry only the ID.
 */
public record StoreAction(Kind kind, Table<?> table, String id, StoreObject object) {
    public enum Kind { CREATE, UPDATE, DELETE }

    public StoreAction {
        requireNonNull(kind, "kind is null");
        requireNonNull(table, "table is null");
        requireNonNull(id, "id is null");
        if ((object == null) != (kind == Kind.DELETE)) {
            throw new IllegalArgumentException(kind + " of " + table + "/" + id + (object == null
                    ? " without an object" : " with an object"));
        }
        if (object != null && !table.type().isInstance(object)) {
            throw new IllegalArgumentException(object.getClass().getSimpleName() + " in table " + table);
        }
    }

    /**
     * Identifies a proposal among every proposal ever made: {@code epoch} is random per store
     * instance, {@code seq} counts that store's proposals from 1.
     */
    public record ProposalId(long epoch, long seq) {
        public static final ProposalId NONE = new ProposalId(0, 0);

        public boolean isNone() {
            return seq == 0;
        }
    }

    /**
     * What must still hold when a proposal is applied for it to apply at all, so that no write
     * built on a stale read ever lands. Every member decides alike: it depends only on the store's
     * replicated state and the proposal.
     *
     * @param readIndex the store index the transaction read (a transaction that saw only applied
     *     writes), or {@link #UNCONDITIONAL}
     * @param id this proposal
     * @param after the proposal that must be the last one applied ({@link ProposalId#NONE}: check
     *     {@code readIndex} instead): a transaction that read writes still on their way through Raft
     */
    public record Guard(long readIndex, ProposalId id, ProposalId after) {
        public static final long UNCONDITIONAL = -1;
        /** Applies whatever the store holds (tests, tools). */
        public static final Guard NONE = new Guard(UNCONDITIONAL, ProposalId.NONE, ProposalId.NONE);

        public Guard {
            requireNonNull(id, "id is null");
            requireNonNull(after, "after is null");
            if (readIndex < UNCONDITIONAL) {
                throw new IllegalArgumentException("readIndex " + readIndex);
            }
        }

        public static Guard readIndex(long readIndex) {
            return new Guard(readIndex, ProposalId.NONE, ProposalId.NONE);
        }

        /** Whether a store at {@code storeIndex}, whose last applied proposal was {@code last}, may apply it. */
        public boolean holds(long storeIndex, ProposalId last) {
            if (!after.isNone()) {
                return after.equals(last);
            }
            return readIndex == UNCONDITIONAL || readIndex == storeIndex;
        }
    }

    /** One committed transaction: its changes, the leader's clock when it was proposed, and its guard. */
    public record Proposal(Instant at, List<StoreAction> actions, Guard guard) {
        public Proposal {
            requireNonNull(at, "at is null");
            actions = List.copyOf(actions);
            requireNonNull(guard, "guard is null");
        }

        /** An unconditional proposal. */
        public Proposal(Instant at, List<StoreAction> actions) {
            this(at, actions, Guard.NONE);
        }

        public Proposal withGuard(Guard g) {
            return new Proposal(at, actions, g);
        }

        /** The proposal, guard included, in the store's binary form (see {@link StoreCodec}). */
        public byte[] encode() {
            return StoreCodec.encode(this);
        }

        /** Reads what {@link #encode} wrote; IllegalArgumentException if it is not that. */
        public static Proposal decode(byte[] bytes, int offset, int length) {
            return StoreCodec.decode(bytes, offset, length);
        }

        public static Proposal decode(byte[] bytes) {
            return decode(bytes, 0, bytes.length);
        }
    }
}
