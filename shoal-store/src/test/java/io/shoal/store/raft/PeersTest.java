package io.shoal.store.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeersTest {
    @Test
    void addressesAreWrittenWithoutLookupsAndReadBack() {
        assertThat(Peers.addressString(new InetSocketAddress("127.0.0.1", 2378))).isEqualTo("127.0.0.1:2378");
        assertThat(Peers.addressString(new InetSocketAddress("::1", 2378))).isEqualTo("[0:0:0:0:0:0:0:1]:2378");
        RaftPeer p = new RaftPeer("m1", new InetSocketAddress("127.0.0.1", 2378));
        assertThat(Peers.fromRatis(Peers.toRatis(p))).isEqualTo(p);
        RaftPeer v6 = new RaftPeer("m2", new InetSocketAddress("::1", 2379));
        assertThat(Peers.fromRatis(Peers.toRatis(v6))).isEqualTo(v6);
    }

    @Test
    void membersComeSortedById() {
        RaftPeer b = new RaftPeer("b", new InetSocketAddress("127.0.0.1", 2));
        RaftPeer a = new RaftPeer("a", new InetSocketAddress("127.0.0.1", 1));
        assertThat(Peers.fromRatis(Peers.toRatis(List.of(b, a)))).containsExactly(a, b);
    }
}
