package io.shoal.store.raft;

import io.shoal.store.StoreAction;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The proposals this member submitted and has not seen applied, by Raft call ID. When the leader
 * applies its own entry it takes the objects from here instead of decoding what it just encoded;
 * every other member, and this one after a restart (a new client ID), decodes the log entry.
 */
final class LocalProposals {
    private final ClientId clientId = ClientId.randomId();
    private final ByteString clientIdBytes = clientId.toByteString();
    private final Map<Long, StoreAction.Proposal> byCallId = new ConcurrentHashMap<>();

    ClientId clientId() {
        return clientId;
    }

    void put(long callId, StoreAction.Proposal proposal) {
        byCallId.put(callId, proposal);
    }

    void remove(long callId) {
        byCallId.remove(callId);
    }

    /** The proposal of the log entry written by {@code entryClientId} with {@code callId}, if it is one of ours. */
    StoreAction.Proposal find(ByteString entryClientId, long callId) {
        return clientIdBytes.equals(entryClientId) ? byCallId.get(callId) : null;
    }
}
