package io.shoal.store.raft;

import io.shoal.store.StoreAction;
import io.shoal.store.crypto.DataKey;
import io.shoal.store.crypto.SealedDataException;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * A proposal as written to the Raft log: a format byte, then the proposal (guard included) in the
 * store's binary form. Format 1 was the JSON of the first Shoal builds; an entry of a format this
 * version does not know is never guessed at.
 * <p>
 * With a data key, the entry is byte {@value #ENCRYPTED} and that envelope sealed with the key
 * ({@link DataKey#seal}): the log on disk, and what Ratis sends to followers, is ciphertext.
 */
final class ProposalEnvelope {
    static final byte FORMAT = 2;
    /** A format-2 envelope sealed with the cluster's data key. */
    static final byte ENCRYPTED = 3;

    private ProposalEnvelope() {}

    static ByteString encode(StoreAction.Proposal proposal) {
        byte[] body = proposal.encode();
        byte[] data = new byte[body.length + 1];
        data[0] = FORMAT;
        System.arraycopy(body, 0, data, 1, body.length);
        return UnsafeByteOperations.unsafeWrap(data);
    }

    /** The entry, sealed with {@code key} unless it is null. */
    static ByteString encode(StoreAction.Proposal proposal, DataKey key) {
        ByteString plain = encode(proposal);
        if (key == null) {
            return plain;
        }
        byte[] p = plain.toByteArray();
        byte[] sealed = key.seal(p, 0, p.length, null);
        byte[] data = new byte[sealed.length + 1];
        data[0] = ENCRYPTED;
        System.arraycopy(sealed, 0, data, 1, sealed.length);
        return UnsafeByteOperations.unsafeWrap(data);
    }

    /**
     * Reads an entry, opening it with {@code key} if it is sealed. A sealed entry without a key, or
     * one that does not open with it, throws {@link UnknownFormatException}: the member stops
     * rather than skip entries it cannot read.
     */
    static StoreAction.Proposal decode(ByteString data, DataKey key) {
        if (data.isEmpty() || data.byteAt(0) != ENCRYPTED) {
            return decode(data);
        }
        if (key == null) {
            throw new UnknownFormatException("raft log entry is encrypted, but this member has no data key");
        }
        byte[] bytes = data.toByteArray();
        byte[] plain;
        try {
            plain = key.open(bytes, 1, bytes.length - 1, null);
        } catch (SealedDataException e) {
            throw new UnknownFormatException("raft log entry does not open with this member's data key: "
                    + e.getMessage());
        }
        if (plain.length == 0 || plain[0] != FORMAT) {
            throw new UnknownFormatException("encrypted raft log entry holds an entry of unknown format");
        }
        return StoreAction.Proposal.decode(plain, 1, plain.length - 1);
    }

    /**
     * Reads an entry. An entry of another format throws {@link UnknownFormatException}; a damaged
     * one of this format IllegalArgumentException.
     */
    static StoreAction.Proposal decode(ByteString data) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("not a Shoal store proposal: empty");
        }
        byte format = data.byteAt(0);
        if (format != FORMAT) {
            throw new UnknownFormatException("raft log entry of store format " + format + ", but this Shoal reads"
                    + " format " + FORMAT + (format == 1 ? " (format 1 is the JSON of earlier builds)" : "")
                    + "; the manager's data directory was written by another version");
        }
        byte[] bytes = data.toByteArray();
        return StoreAction.Proposal.decode(bytes, 1, bytes.length - 1);
    }

    /** An entry or file this version must not interpret: stop rather than skip or misread it. */
    static final class UnknownFormatException extends IllegalStateException {
        UnknownFormatException(String message) {
            super(message);
        }
    }
}
