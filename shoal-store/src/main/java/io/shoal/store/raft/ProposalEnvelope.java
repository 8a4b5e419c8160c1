package io.shoal.store.raft;

import io.shoal.store.StoreAction;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * A proposal as written to the Raft log: a format byte, then the proposal (guard included) in the
 * store's binary form. Format 1 was the JSON of the first Shoal builds; an entry of a format this
 * version does not know is never guessed at.
 */
final class ProposalEnvelope {
    static final byte FORMAT = 2;

    private ProposalEnvelope() {}

    static ByteString encode(StoreAction.Proposal proposal) {
        byte[] body = proposal.encode();
        byte[] data = new byte[body.length + 1];
        data[0] = FORMAT;
        System.arraycopy(body, 0, data, 1, body.length);
        return UnsafeByteOperations.unsafeWrap(data);
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
