package io.shoal.daemon.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.ShoalException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmNodeTest {
    @Test
    void remoteAddressesGetTheClusterPortWhenTheyHaveNone() {
        assertThat(SwarmNode.remoteAddrs(List.of("10.0.0.5", "10.0.0.6:4000", "[::1]"))).containsExactly(
                "10.0.0.5:2377", "10.0.0.6:4000", "[::1]:2377");
    }

    @Test
    void joiningNeedsARemoteAddress() {
        assertThatThrownBy(() -> SwarmNode.remoteAddrs(List.of())).isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("at least 1 RemoteAddr is required to join");
        assertThatThrownBy(() -> SwarmNode.remoteAddrs(Arrays.asList("", null)))
                .hasMessage("at least 1 RemoteAddr is required to join");
        assertThatThrownBy(() -> SwarmNode.remoteAddrs(null)).hasMessage("at least 1 RemoteAddr is required to join");
        assertThatThrownBy(() -> SwarmNode.remoteAddrs(List.of("10.0.0.5:x")))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessageContaining("invalid remote address");
    }

    @Test
    void aTakenRaftPortFailsTheMembershipInsteadOfTheProcess() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            io.shoal.daemon.config.HostPort addr = new io.shoal.daemon.config.HostPort("127.0.0.1", taken.getLocalPort());
            assertThatThrownBy(() -> ManagerMembership.checkFree(addr, "raft"))
                    .isInstanceOf(ShoalException.Unavailable.class)
                    .hasMessageStartingWith("cannot listen on the raft address 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("--raft-addr");
        }
    }
}
