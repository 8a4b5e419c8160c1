package io.shoal.daemon.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.ShoalException;
import io.shoal.daemon.config.HostPort;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdvertiseAddressTest {
    private static final HostPort ANY = new HostPort("0.0.0.0", 2377);

    @Test
    void theRequestWinsThenTheDaemonFlag() {
        assertThat(AdvertiseAddress.choose("10.0.0.5", Optional.of("10.0.0.9"), ANY)).isEqualTo(new HostPort("10.0.0.5", 2377));
        assertThat(AdvertiseAddress.choose("", Optional.of("10.0.0.9:4000"), ANY)).isEqualTo(new HostPort("10.0.0.9", 4000));
        assertThat(AdvertiseAddress.choose(null, Optional.empty(), new HostPort("127.0.0.1", 2377)))
                .isEqualTo(new HostPort("127.0.0.1", 2377));
    }

    @Test
    void oneAddressIsChosenSeveralAreRefusedWithDockerdsWords() {
        assertThat(AdvertiseAddress.pick(List.of(new AdvertiseAddress.Candidate("192.0.2.2", "eth0")))).isEqualTo("192.0.2.2");
        assertThatThrownBy(() -> AdvertiseAddress.pick(List.of(new AdvertiseAddress.Candidate("192.0.2.2", "eth0"),
                new AdvertiseAddress.Candidate("198.51.100.3", "eth1"))))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("could not choose an IP address to advertise since this system has multiple addresses on "
                        + "different interfaces (192.0.2.2 on eth0 and 198.51.100.3 on eth1)");
        assertThatThrownBy(() -> AdvertiseAddress.pick(List.of()))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessageStartingWith("could not choose an IP address to advertise");
    }

    @Test
    void containerBridgesAreNotCandidates() {
        assertThat(AdvertiseAddress.isContainerBridge("docker0")).isTrue();
        assertThat(AdvertiseAddress.isContainerBridge("br-1234")).isTrue();
        assertThat(AdvertiseAddress.isContainerBridge("veth12")).isTrue();
        assertThat(AdvertiseAddress.isContainerBridge("eth0")).isFalse();
    }
}
