package io.shoal.store.raft;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.ratis.util.NetUtils;

/** Converts between Shoal's {@link RaftPeer} and Ratis' peer, whose address is a "host:port" string. */
final class Peers {
    private Peers() {}

    static org.apache.ratis.protocol.RaftPeer toRatis(RaftPeer peer) {
        return org.apache.ratis.protocol.RaftPeer.newBuilder()
                .setId(peer.memberId())
                .setAddress(addressString(peer.address()))
                .build();
    }

    static List<org.apache.ratis.protocol.RaftPeer> toRatis(Collection<RaftPeer> peers) {
        return peers.stream().map(Peers::toRatis).toList();
    }

    static RaftPeer fromRatis(org.apache.ratis.protocol.RaftPeer peer) {
        return new RaftPeer(peer.getId().toString(), NetUtils.createSocketAddr(peer.getAddress()));
    }

    static List<RaftPeer> fromRatis(Collection<org.apache.ratis.protocol.RaftPeer> peers) {
        return peers.stream().map(Peers::fromRatis).sorted(Comparator.comparing(RaftPeer::memberId)).toList();
    }

    /** "host:port" without a reverse DNS lookup ("[v6]:port" for IPv6 literals). */
    static String addressString(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
