package io.shoal.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostAddressTest {
    @Test
    void unixSockets() {
        assertThat(HostAddress.parse("unix:///var/run/shoal.sock"))
                .isEqualTo(new HostAddress.Unix(Path.of("/var/run/shoal.sock")));
        assertThatThrownBy(() -> HostAddress.parse("unix://relative.sock"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute path");
    }

    @Test
    void tcpAddresses() {
        assertThat(HostAddress.parse("tcp://127.0.0.1:2375")).isEqualTo(new HostAddress.Tcp("127.0.0.1", 2375));
        assertThat(HostAddress.parse("tcp://localhost")).isEqualTo(new HostAddress.Tcp("localhost", 2375));
        assertThat(HostAddress.parse("tcp://:4243")).isEqualTo(new HostAddress.Tcp("127.0.0.1", 4243));
        assertThat(HostAddress.parse("tcp://[::1]:2375")).isEqualTo(new HostAddress.Tcp("::1", 2375));
        assertThat(new HostAddress.Tcp("::1", 2375).uri()).isEqualTo("tcp://[::1]:2375");
        assertThatThrownBy(() -> HostAddress.parse("tcp://127.0.0.1:http"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad port");
        assertThatThrownBy(() -> HostAddress.parse("fd://"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unix:///path or tcp://");
    }

    @Test
    void loopbackIsTold() {
        assertThat(new HostAddress.Tcp("127.0.0.1", 1).isLoopback()).isTrue();
        assertThat(new HostAddress.Tcp("127.3.4.5", 1).isLoopback()).isTrue();
        assertThat(new HostAddress.Tcp("::1", 1).isLoopback()).isTrue();
        assertThat(new HostAddress.Tcp("0.0.0.0", 1).isLoopback()).isFalse();
        assertThat(new HostAddress.Tcp("192.0.2.7", 1).isLoopback()).isFalse();
    }
}
