package io.shoal.store.raft;

import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/** What applying a committed proposal did, as the state machine answers it to the proposer. */
enum ApplyOutcome {
    /** The proposal changed the store. */
    APPLIED,
    /** The proposal read an older store than the one it reached, so every member skipped it. */
    STALE;

    Message toMessage() {
        return Message.valueOf(ByteString.copyFrom(new byte[] {(byte) ordinal()}));
    }

    static ApplyOutcome of(Message m) {
        ByteString content = m == null ? ByteString.EMPTY : m.getContent();
        if (content.size() != 1 || content.byteAt(0) < 0 || content.byteAt(0) >= values().length) {
            throw new IllegalArgumentException("unexpected reply from the store state machine: " + content.size()
                    + " bytes");
        }
        return values()[content.byteAt(0)];
    }
}
