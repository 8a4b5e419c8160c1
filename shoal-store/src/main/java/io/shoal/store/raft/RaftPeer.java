package io.shoal.store.raft;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/** A manager in the Raft group: its member ID and the address its Raft transport listens on. */
public record RaftPeer(String memberId, InetSocketAddress address) {
    public RaftPeer {
        requireNonNull(memberId, "memberId is null");
        requireNonNull(address, "address is null");
        if (memberId.isBlank()) {
            throw new IllegalArgumentException("memberId is blank");
        }
    }
}
