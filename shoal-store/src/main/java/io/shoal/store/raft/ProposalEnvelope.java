package io.shoal.store.raft;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Json;
import io.shoal.store.StoreAction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * A proposal as written to the Raft log: a format byte, the store index its transaction read,
 * then the proposal's JSON.
 * <p>
 * The read index makes the commit a compare-and-set on the whole store: every member skips an
 * entry whose transaction read an older state than the one it would be applied to (a write that
 * raced a change of leader, or followed one whose outcome was unknown), so no write built on a
 * stale read ever lands — and every member decides alike, because they apply the same log.
 *
 * @param readIndex the store index the transaction read, or {@link #UNCONDITIONAL}
 */
record ProposalEnvelope(long readIndex, StoreAction.Proposal proposal) {
    static final long UNCONDITIONAL = -1;
    private static final byte FORMAT_V1 = 1;
    private static final int HEADER_BYTES = 1 + Long.BYTES;

    ProposalEnvelope {
        requireNonNull(proposal, "proposal is null");
        if (readIndex < UNCONDITIONAL) {
            throw new IllegalArgumentException("readIndex " + readIndex);
        }
    }

    /** Whether a store now at {@code storeIndex} may apply this proposal. */
    boolean appliesAt(long storeIndex) {
        return readIndex == UNCONDITIONAL || readIndex == storeIndex;
    }

    ByteString encode() {
        byte[] json = proposal.encode();
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + json.length);
        buf.put(FORMAT_V1).putLong(readIndex).put(json);
        return UnsafeByteOperations.unsafeWrap(buf.array());
    }

    static ProposalEnvelope decode(ByteString data) {
        if (data.size() < HEADER_BYTES || data.byteAt(0) != FORMAT_V1) {
            throw new IllegalArgumentException("not a Shoal store proposal (" + data.size() + " bytes, format "
                    + (data.isEmpty() ? "none" : data.byteAt(0)) + ")");
        }
        long readIndex = data.substring(1, HEADER_BYTES).asReadOnlyByteBuffer().getLong();
        try (InputStream in = data.substring(HEADER_BYTES).newInput()) {
            return new ProposalEnvelope(readIndex, Json.mapper().readValue(in, StoreAction.Proposal.class));
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt store proposal", e);
        }
    }
}
